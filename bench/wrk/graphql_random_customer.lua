-- wrk script for bench/run: POSTs a GraphQL query with a random existing customer external id.
--
--   BENCH_QUERY_JSON='"query($e: String!) { customerSegments(externalId: $e) }"' \
--   BENCH_ID_PREFIX=gen-c- BENCH_MAX_ID=10000 BENCH_EMPTY_MARK='[]' \
--   wrk -t2 -c8 -d15s --latency -s bench/wrk/graphql_random_customer.lua http://127.0.0.1:18080/graphql
--
-- BENCH_QUERY_JSON  the query as a JSON string literal (with its quotes); its variable must be $e
-- BENCH_ID_PREFIX   external ids are <prefix><n>, n uniform in 1..BENCH_MAX_ID (default gen-c-)
-- BENCH_EMPTY_MARK  optional: a response body containing this plain string counts as "empty"
-- BENCH_TOKEN       optional: a bearer token, sent as Authorization
-- At the end it prints one line: BENCH responses=<n> errors=<status != 200 or "errors" in body> empty=<n>

local query = os.getenv("BENCH_QUERY_JSON")
local prefix = os.getenv("BENCH_ID_PREFIX") or "gen-c-"
local max_id = tonumber(os.getenv("BENCH_MAX_ID") or "")
local empty_mark = os.getenv("BENCH_EMPTY_MARK")
if empty_mark == "" then empty_mark = nil end
if query == nil or max_id == nil then
    error("set BENCH_QUERY_JSON and BENCH_MAX_ID")
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local token = os.getenv("BENCH_TOKEN")
if token ~= nil and token ~= "" then
    wrk.headers["Authorization"] = "Bearer " .. token
end

local threads = {}

function setup(thread)
    thread:set("thread_no", #threads + 1)
    table.insert(threads, thread)
end

function init(args)
    math.randomseed(os.time() * 7919 + thread_no * 104729)
    responses, errors, empty = 0, 0, 0
    head = '{"query":' .. query .. ',"variables":{"e":"' .. prefix
end

function request()
    return wrk.format(nil, nil, nil, head .. math.random(1, max_id) .. '"}}')
end

function response(status, headers, body)
    responses = responses + 1
    if status ~= 200 or string.find(body, '"errors"', 1, true) then
        errors = errors + 1
    elseif empty_mark and string.find(body, empty_mark, 1, true) then
        empty = empty + 1
    end
end

function done(summary, latency, requests)
    local r, e, m = 0, 0, 0
    for _, t in ipairs(threads) do
        r = r + t:get("responses")
        e = e + t:get("errors")
        m = m + t:get("empty")
    end
    io.write(string.format("BENCH responses=%d errors=%d empty=%d\n", r, e, m))
end
