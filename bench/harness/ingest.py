"""Ingest: purchases per second through recordPurchases, next to COPY of the same rows.

For each batch:purchases of --ingest-plan (default 1:2000,100:20000,1000:50000) it runs bench/ingest.py, which
upserts new customers first (untimed), encodes every request body up front, then times \\copy of the rows into
purchase and purchase_line in a transaction that is rolled back, and recordPurchases requests of that many
purchases over --ingest-concurrency keep-alive connections (concurrent requests never share a customer), for
at most --ingest-time-limit seconds. Its output goes to bench/out/<size>-<time>/ingest-b<batch>.txt; its
"RESULT {json}" line becomes the report's row, with the ratio API / COPY. External ids are unique per run
(bench-<time>-b<batch>-...), so a reused database takes them too.

With --custom-segments N (default 20, as issue 11 asks), the first N rules of bench/custom_rules.py are created
as custom segments before the first batch and deleted after the last: every write evaluates them for its
customers, as in a shop whose marketers use the product.
"""
import json
import re
import subprocess
import sys

import custom_rules  # bench/custom_rules.py

from .common import ADMIN_TOKEN, BENCH, INGEST_TOKEN, Broken, db_url, http_post_json, log, ratio

INGEST = BENCH / "ingest.py"


def parse_plan(text):
    plan = []
    for part in text.split(","):
        b, n = part.split(":")
        plan.append((int(b), int(n)))
    return plan


def ingest(run):
    """The "ingest" step: bench/ingest.py once per batch size, its RESULT line kept, with the custom segments."""
    def call(query, variables):
        body = http_post_json(run.url, {"query": query, "variables": variables}, timeout=3600, token=ADMIN_TOKEN)
        if body.get("errors"):
            raise Broken(f"{query.split('(')[0]}: {body['errors'][0].get('message')}")
        return body["data"]

    keys = custom_rules.create(call, f"bench-{run.run_id}-custom", run.args.custom_segments)
    log(f"ingest: {len(keys)} custom segments in place")
    try:
        ingest_batches(run, len(keys))
    finally:
        custom_rules.delete(call, keys)


def ingest_batches(run, custom_segments):
    a = run.args
    results = []
    for batch, purchases in a.ingest_plan:
        prefix = f"bench-{run.run_id}-b{batch}"
        cmd = [sys.executable, str(INGEST), "--url", run.url, "--db", db_url(a.db), "--prefix", prefix,
               "--batch", str(batch), "--purchases", str(purchases), "--concurrency", str(a.ingest_concurrency),
               "--time-limit", str(a.ingest_time_limit), "--as-of", a.as_of, "--out", str(run.run_dir), "--token", INGEST_TOKEN]
        log(f"ingest batch {batch}: up to {purchases:,} purchases, {a.ingest_concurrency} concurrent requests, "
            f"at most {a.ingest_time_limit} s")
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=a.ingest_time_limit + 3600)
        (run.run_dir / f"ingest-b{batch}.txt").write_text(" ".join(cmd) + "\n" + p.stdout + p.stderr)
        for line in p.stdout.splitlines():
            if not line.startswith("RESULT "):
                log("  " + line)
        m = re.search(r"^RESULT (.*)$", p.stdout, re.M)
        if not m:
            raise Broken(f"ingest.py (batch {batch}) failed: {(p.stderr or p.stdout)[-2000:]}")
        res = json.loads(m.group(1))
        res["custom_segments"] = custom_segments
        res["ratio_api_vs_copy"] = ratio(res["api"]["purchases_per_s"], res.get("copy", {}).get("purchases_per_s"))
        results.append(res)
        run.r["ingest"] = results
        if res["api"]["errors"]:
            run.problem(f"ingest batch {batch}: {res['api']['errors']} failed requests: {res['api']['first_error']}")
        for f in run.run_dir.glob(f"{prefix}-*.csv"):
            f.unlink()
