"""The full recompute and the incremental path.

  recompute    recomputeSegments(asOf: --as-of) through the API (tookMillis, and the wall time over HTTP): once
               right after loading (it creates the memberships and pins the instant), again --recompute-runs - 1
               times on the restarted service; next to bench/sql/rfm_lifecycle.sql (lifecycle and RFM only) run
               twice through psql \\timing as create temp table ... as, the second run kept; ratio API / SQL
  incremental  --incremental-runs times (at most --incremental-time-limit s) recordPurchases of one purchase for
               an existing customer, prospects first (they must read back NEW), then one customerSegments read
               of that customer; p50 and p99 of the mutation, the read and both
"""
import random
import re
import statistics
import time
from datetime import datetime, timedelta

from ingest import Api  # bench/ingest.py: one keep-alive connection

from . import processes
from .common import ADMIN_TOKEN, BENCH, Broken, db_url, log, psql, ratio, sh
from .storefront import SERVICE_QUERY

RFM_SQL = BENCH / "sql" / "rfm_lifecycle.sql"


def pct_of(values, p):
    v = sorted(values)
    return round(v[min(len(v) - 1, int(p * len(v)))], 2) if v else None


def recompute_api(run, label):
    api = Api(run.url, timeout=4 * 3600, token=ADMIN_TOKEN)
    waited = time.monotonic()
    while True:
        before = int(psql(run.args.db, "select count(*) from segment_membership"))
        t0 = time.monotonic()
        try:
            data = api.call("mutation($a: DateTime) { recomputeSegments(asOf: $a) { asOf customers memberships tookMillis } }",
                            {"a": run.args.as_of})["recomputeSegments"]
            break
        except RuntimeError as e:
            # the service's start-up run (a database whose data came from elsewhere, or whose engine SQL
            # changed): this run waits for it rather than measuring a refusal
            if "a recompute is already running" not in str(e) or time.monotonic() - waited > 4 * 3600:
                raise
            time.sleep(5)
    wall = time.monotonic() - t0
    if t0 - waited > 1:
        log(f"waited {t0 - waited:.0f} s for the service's start-up recompute to finish")
    res = {"label": label, "wall_s": round(wall, 2), "took_ms": data["tookMillis"], "customers": data["customers"],
           "memberships": data["memberships"], "memberships_before": before}
    run.r.setdefault("recompute_api", []).append(res)
    log(f"recomputeSegments ({label}): {wall:.2f} s wall, tookMillis {data['tookMillis']}, "
        f"{data['customers']:,} customers, {data['memberships']:,} memberships (before: {before:,})")


def first(run):
    """The "recompute (first)" step, on the service that loaded the data; stops it."""
    recompute_api(run, "first run after loading" if run.r.get("generate", {}).get("seconds")
                  else "first run of this harness run")
    processes.stop("service")


def recompute(run):
    """The "recompute" step: the further API runs, then the reference SQL."""
    for i in range(1, run.args.recompute_runs):
        recompute_api(run, f"run {i + 1} (memberships already current)")
    sql = RFM_SQL.read_text()
    stmt = re.sub(r";\s*$", "", sql.replace(":'as_of'", f"'{run.args.as_of}'").rstrip())
    script = run.run_dir / "rfm_lifecycle_timed.sql"
    script.write_text("\\set ON_ERROR_STOP on\n\\timing on\n"
                      f"create temp table rfm_run1 as\n{stmt};\n"
                      f"create temp table rfm_run2 as\n{stmt};\n")
    r = sh(["psql", "-X", "-d", db_url(run.args.db), "-f", str(script)], timeout=4 * 3600)
    times = [float(x) for x in re.findall(r"^Time: ([0-9.]+) ms", r.stdout, re.M)]
    rows = re.findall(r"^SELECT (\d+)", r.stdout, re.M)
    if len(times) < 2:
        raise Broken(f"could not read psql timings: {r.stdout[-1000:]}")
    run.r["recompute_sql"] = {"first_ms": times[0], "second_ms": times[1], "rows": int(rows[-1]) if rows else None}
    api = run.r["recompute_api"][-1]
    run.r["recompute_ratio"] = ratio(api["took_ms"], times[1])
    log(f"rfm_lifecycle.sql: {times[0]:.0f} ms, then {times[1]:.0f} ms (kept); API recompute "
        f"({api['label']}) {api['took_ms']} ms = {run.r['recompute_ratio']} x the SQL")


def incremental(run):
    """The "incremental" step."""
    a = run.args
    ids = psql(a.db, "select c.external_id from customer c join segment_membership m on m.customer_id = c.id "
                     "and m.segment_key = 'PROSPECT' where c.external_id like 'gen-c-%' "
                     f"order by c.id limit {a.incremental_runs}").split()
    rng = random.Random(a.seed + 1)
    prospects = set(ids)
    while len(ids) < a.incremental_runs:
        ids.append(f"gen-c-{rng.randint(1, run.customers)}")
    as_of = datetime.fromisoformat(a.as_of.replace("Z", "+00:00"))
    api = Api(run.url, token=ADMIN_TOKEN)
    mut, read, total, became_new, changed = [], [], [], 0, 0
    deadline = time.monotonic() + a.incremental_time_limit
    for i, e in enumerate(ids):
        if time.monotonic() > deadline:
            break
        before = api.call(SERVICE_QUERY, {"e": e})["customerSegments"]
        purchase = {"externalId": f"bench-{run.run_id}-inc-{i}", "customerExternalId": e,
                    "orderedAt": (as_of - timedelta(days=2, seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "currency": "EUR", "lines": [{"sku": "inc-1", "category": "shoes", "quantity": 1,
                                                  "unitPrice": "49.95"}]}
        t0 = time.monotonic()
        api.call("mutation($p: [PurchaseInput!]!) { recordPurchases(purchases: $p) { id } }", {"p": [purchase]})
        t1 = time.monotonic()
        after = api.call(SERVICE_QUERY, {"e": e})["customerSegments"]
        t2 = time.monotonic()
        mut.append((t1 - t0) * 1000)
        read.append((t2 - t1) * 1000)
        total.append((t2 - t0) * 1000)
        changed += after != before
        if e in prospects:
            became_new += "NEW" in after and "PROSPECT" not in after
    n = len(total)
    run.r["incremental"] = {"runs": n, "planned": len(ids), "prospects": len(prospects & set(ids[:n])),
                            "prospect_became_new": became_new, "segments_changed": changed,
                            "mutation_p50_ms": pct_of(mut, .5), "mutation_p99_ms": pct_of(mut, .99),
                            "read_p50_ms": pct_of(read, .5), "read_p99_ms": pct_of(read, .99),
                            "total_p50_ms": pct_of(total, .5), "total_p99_ms": pct_of(total, .99),
                            "total_mean_ms": round(statistics.mean(total), 2) if total else None}
    x = run.r["incremental"]
    log(f"incremental: {n} x (recordPurchases of 1 purchase + customerSegments): total p50 {x['total_p50_ms']} ms, "
        f"p99 {x['total_p99_ms']} ms (mutation p50 {x['mutation_p50_ms']} ms, read p50 {x['read_p50_ms']} ms); "
        f"prospects now NEW: {became_new}/{x['prospects']}")
    if x["prospects"] and became_new < x["prospects"]:
        run.problem(f"incremental: only {became_new} of {x['prospects']} prospects show NEW after their first purchase")
