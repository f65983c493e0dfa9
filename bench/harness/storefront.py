"""The hot path: customerSegments(externalId), as the storefront reads it, next to two peers.

  service       customerSegments over HTTP with wrk --latency and wrk/graphql_random_customer.lua (a random
                existing gen-c-<n> per request, with the storefront's token; the script counts non-200
                answers, answers with errors and empty answers)
  PostGraphile  PostGraphile 4 on the same database, asked the same through the fields it generates, the same way
  SQL           the same lookup with pgbench -M prepared and pgbench/customer_segments.sql (percentiles from its
                per-transaction log)

at each of --connections (1, 8, 32) for --duration seconds, after warming each HTTP server up at 8
connections in --warmup-round rounds until a round gains less than 10 % (the JVM's JIT shares the two cores
with everything else). Each measurement also accounts for the CPU (resources.CpuAccount), and the largest one
for the servers' resident memory. Before measuring, the check step asks all three for the keys of six
customers: they must agree.
"""
import json
import os
import random
import re
import time
from pathlib import Path

from ingest import Api  # bench/ingest.py: one keep-alive connection

from . import processes
from .common import ADMIN_TOKEN, BENCH, STOREFRONT_TOKEN, db_url, http_post_json, log, psql, ratio, rx, sh
from .resources import CpuAccount, loadavg, proc_status

SERVICE_QUERY = "query($e: String!) { customerSegments(externalId: $e) }"
# What PostGraphile 4.14 generates for these tables (checked by introspection at every run):
# customerByExternalId from the unique constraint on customer.external_id, and the backward relation
# segmentMembershipsByCustomerId (a Relay connection) from segment_membership.customer_id's foreign key.
PEER_QUERY = ("query($e: String!) { customerByExternalId(externalId: $e) { "
              "segmentMembershipsByCustomerId(orderBy: SEGMENT_KEY_ASC) { nodes { segmentKey } } } }")
SQL_LOOKUP = ("select m.segment_key from customer c join segment_membership m on m.customer_id = c.id "
              "where c.external_id = $1 order by m.segment_key")
WRK_SCRIPT = BENCH / "wrk" / "graphql_random_customer.lua"
PGBENCH_SCRIPT = BENCH / "pgbench" / "customer_segments.sql"


def to_ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(url, query, empty_mark, connections, seconds, max_id, out_file, watch_pid=None, db=None, token=None):
    env = dict(os.environ, BENCH_QUERY_JSON=json.dumps(query), BENCH_MAX_ID=str(max_id),
               BENCH_ID_PREFIX="gen-c-", BENCH_EMPTY_MARK=empty_mark, BENCH_TOKEN=token or "")
    threads = 1 if connections == 1 else 2
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency",
           "-s", str(WRK_SCRIPT), url]
    with CpuAccount(db or "-", watch_pid) as cpu:
        r = sh(cmd, timeout=seconds + 120, env=env)
    Path(out_file).write_text(" ".join(cmd) + "\n" + r.stdout + r.stderr)
    o = r.stdout

    def grab(pattern, conv=float, default=None):
        m = re.search(pattern, o, re.M)
        return conv(m.group(1)) if m else default

    res = {"rps": grab(r"^Requests/sec:\s+([0-9.]+)"), "requests": grab(r"^\s*(\d+) requests in", int, 0)}
    for p in ("50", "99"):
        m = re.search(rf"^\s+{p}%\s+([0-9.]+)(us|ms|s|m)\s*$", o, re.M)
        res[f"p{p}_ms"] = round(to_ms(*m.groups()), 3) if m else None
    m = re.search(r"^\s+Latency\s+([0-9.]+)(us|ms|s|m)", o, re.M)
    res["avg_ms"] = round(to_ms(*m.groups()), 3) if m else None
    res["non_2xx"] = grab(r"Non-2xx or 3xx responses: (\d+)", int, 0)
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", o)
    res["socket_errors"] = sum(map(int, m.groups())) if m else 0
    res["graphql_errors"] = grab(r"BENCH responses=\d+ errors=(\d+)", int, 0)
    res["empty"] = grab(r"BENCH .* empty=(\d+)", int, 0)
    res["cpu"] = cpu.summary(res["requests"])
    return res


def run_pgbench(db, connections, seconds, max_id, run_dir):
    prefix = run_dir / f"pgbench-c{connections}"
    threads = 1 if connections == 1 else 2
    cmd = ["pgbench", "-n", "-M", "prepared", "-D", f"max_id={max_id}", "-f", str(PGBENCH_SCRIPT),
           "-c", str(connections), "-j", str(threads), "-T", str(seconds), "-l", f"--log-prefix={prefix}",
           db_url(db)]
    with CpuAccount(db) as cpu:
        r = sh(cmd, timeout=seconds + 120, cwd=run_dir)
    Path(f"{prefix}.txt").write_text(" ".join(cmd) + "\n" + r.stdout + r.stderr)
    o = r.stdout

    def grab(pattern, conv=float, default=None):
        m = re.search(pattern, o, re.M)
        return conv(m.group(1)) if m else default

    lat = []
    for f in run_dir.glob(f"pgbench-c{connections}.*"):
        if f.suffix == ".txt":
            continue
        with open(f) as fh:
            for line in fh:
                parts = line.split()
                if len(parts) >= 3 and parts[2].isdigit():
                    lat.append(int(parts[2]))
        f.unlink()  # per-transaction logs are large; the summary keeps what matters
    lat.sort()

    def pct(p):
        return round(lat[min(len(lat) - 1, int(p * len(lat)))] / 1000, 3) if lat else None

    return {"tps": grab(r"^tps = ([0-9.]+) \(without"), "avg_ms": grab(r"^latency average = ([0-9.]+) ms"),
            "p50_ms": pct(0.50), "p99_ms": pct(0.99), "transactions": len(lat),
            "failed": grab(r"number of failed transactions: (\d+)", int, 0), "cpu": cpu.summary(len(lat))}


def lookup_sql_literal(db, external_id):
    assert re.fullmatch(r"[A-Za-z0-9_.-]+", external_id)
    out = psql(db, "select coalesce(string_agg(m.segment_key, ',' order by m.segment_key), '') from customer c "
                   f"join segment_membership m on m.customer_id = c.id where c.external_id = '{external_id}'")
    return out.split(",") if out else []


def postgraphile(run):
    """The "PostGraphile" step: the peer started, and its idle memory."""
    p = processes.start_peer(run.args, run.run_dir)
    time.sleep(1)
    p["idle"] = proc_status(p["pid"])
    run.r["peer"] = p
    log(f"PostGraphile {p['version']} ready in {p['ready_s']} s; RSS {p['idle']['rss_mib']} MiB")


def check(run):
    """The "check" step: service, PostGraphile and SQL return the same keys for six customers."""
    rng = random.Random(run.args.seed)
    ids = ["gen-c-1", f"gen-c-{run.customers}"] + [f"gen-c-{rng.randint(1, run.customers)}" for _ in range(4)]
    api = Api(run.url, token=ADMIN_TOKEN)
    ok_all, lines = True, []
    for e in ids:
        svc = api.call(SERVICE_QUERY, {"e": e})["customerSegments"]
        sql = lookup_sql_literal(run.args.db, e)
        if "peer" in run.r:
            c = http_post_json(run.peer_url, {"query": PEER_QUERY, "variables": {"e": e}})["data"]["customerByExternalId"]
            peer = [n["segmentKey"] for n in c["segmentMembershipsByCustomerId"]["nodes"]] if c else None
        else:
            peer = "n/a"
        ok = svc == sql and (peer == sql or peer == "n/a") and len(sql) > 0
        ok_all &= ok
        lines.append(f"{e}: {'OK' if ok else 'MISMATCH'} {','.join(sql)}"
                     + ("" if ok else f" (service {svc}, PostGraphile {peer}, SQL {sql})"))
    run.r["check"] = {"ok": ok_all, "lines": lines}
    log(f"check: service, PostGraphile and SQL {'return the same keys' if ok_all else 'DIFFER'} "
        f"for {len(ids)} ids")
    for line in lines:
        log("  " + line)
    if not ok_all:
        run.problem("the three lookups do not return the same segment keys (see check)")


def warm_up(run, name, url, query, empty_mark, limit, min_seconds, token=None):
    """Rounds of --warmup-round seconds at 8 connections until a round gains less than 10 % over the one
    before (at least 2 rounds and min_seconds), or the time limit. The JVM needs this: its JIT compilers share the two
    cores with everything else, and the first seconds run several times slower than the steady state."""
    rounds, spent = [], 0
    while spent < limit:
        seconds = int(min(run.args.warmup_round, limit - spent))
        if seconds < 1:
            break
        w = run_wrk(url, query, empty_mark, 8, seconds, run.customers,
                    run.run_dir / f"wrk-warmup-{name.lower()}-{len(rounds) + 1}.txt", token=token)
        rounds.append(w["rps"] or 0)
        spent += seconds
        if spent >= min_seconds and len(rounds) >= 2 and rounds[-1] < 1.10 * rounds[-2]:
            break
    log(f"warm-up {name}: {spent} s at 8 connections, req/s per {run.args.warmup_round} s round: "
        + " -> ".join(f"{r:.0f}" for r in rounds))
    return {"seconds": spent, "rounds_rps": rounds}


def hot_path(run):
    """The "hot path" step."""
    a = run.args
    run.r["warmup"] = {"service": warm_up(run, "service", run.url, SERVICE_QUERY, ":[]}", a.warmup,
                                          min(a.warmup, 60), token=STOREFRONT_TOKEN)}
    if "peer" in run.r:
        run.r["warmup"]["PostGraphile"] = warm_up(run, "PostGraphile", run.peer_url, PEER_QUERY,
                                                  '"customerByExternalId":null', a.peer_warmup,
                                                  min(a.peer_warmup, 30))
    run.r["loadavg_hot_path"] = loadavg()
    rows = []
    for c in a.connections:
        row = {"connections": c}
        row["service"] = run_wrk(run.url, SERVICE_QUERY, ":[]}", c, a.duration, run.customers,
                                 run.run_dir / f"wrk-service-c{c}.txt", processes.pid("service"), a.db,
                                 token=STOREFRONT_TOKEN)
        if c == max(a.connections):
            row["service_rss_after"] = proc_status(processes.pid("service"))
        if "peer" in run.r:
            row["postgraphile"] = run_wrk(run.peer_url, PEER_QUERY, '"customerByExternalId":null', c, a.duration,
                                          run.customers, run.run_dir / f"wrk-postgraphile-c{c}.txt",
                                          run.r["peer"]["pid"], a.db)
            if c == max(a.connections):
                row["postgraphile_rss_after"] = proc_status(run.r["peer"]["pid"])
        row["pgbench"] = run_pgbench(a.db, c, a.duration, run.customers, run.run_dir)
        s, p, g = row["service"], row.get("postgraphile", {}), row["pgbench"]
        row["service_vs_postgraphile"] = ratio(s["rps"], p.get("rps"))
        row["service_vs_pgbench"] = ratio(s["rps"], g["tps"])
        rows.append(row)
        for name, v in (("service", s), ("postgraphile", p)):
            if v and (v["non_2xx"] or v["graphql_errors"] or v["empty"]):
                run.problem(f"hot path {name} c{c}: {v['non_2xx']} non-2xx, {v['graphql_errors']} with errors, "
                            f"{v['empty']} empty answers")
        if g["failed"]:
            run.problem(f"pgbench c{c}: {g['failed']} failed transactions")
        log(f"c={c:<3} service {s['rps']:>9.1f} req/s p50 {s['p50_ms']} ms p99 {s['p99_ms']} ms | "
            + (f"PostGraphile {p['rps']:>8.1f} req/s p50 {p['p50_ms']} ms p99 {p['p99_ms']} ms | " if p else "")
            + f"pgbench {g['tps']:>9.1f} tps p50 {g['p50_ms']} ms p99 {g['p99_ms']} ms | "
            + f"service/PostGraphile {rx(row['service_vs_postgraphile'])}  service/pgbench {rx(row['service_vs_pgbench'])}")
        run.r["hot_path"] = rows
