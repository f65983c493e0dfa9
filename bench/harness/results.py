"""What a run's results become: its size's section of BENCHMARKS.md (or --report), and the closing summary.

render() turns results.json into the section (machine, data, hot path with where the CPU went, recompute,
incremental, ingest, resources), so --render-only can write it again from a saved run. write_report() puts it
between <!-- bench:<size>:begin --> and <!-- bench:<size>:end --> and leaves the rest of the file as it is.
"""
from report import write_section  # bench/report.py

from .common import BENCH, DEFAULT_DB, fmt, log, ms, rx
from .storefront import PEER_QUERY, SQL_LOOKUP


def command_line(args):
    cmd = ["bench/run", "--size", args.size]
    if args.db != DEFAULT_DB[args.size]:
        cmd += ["--db", args.db]
    if args.reuse_db:
        cmd.append("--reuse-db")
    cmd += [f"--service-env {kv}" for kv in args.service_env]
    return " ".join(cmd)


def render(r, args):
    m = r.get("machine", {})
    L = []
    L.append(f"## {r['size'].capitalize()}: {r['customers']:,} customers, {r['purchases']:,} purchases")
    L.append("")
    L.append(f"Run {r['started']} .. {r.get('finished', 'unfinished')} ({r.get('wall_s', '?')} s) with "
             f"`{command_line(args)}`; database `{r['db']}` ({r.get('db_action', '?')}); commit {m.get('commit', '?')}; "
             f"service jar built {r.get('jar_built', '?')}; raw output in `{r['run_dir']}/` (not committed).")
    L.append("")
    if r["failures"] or r["problems"]:
        L.append("**Broken in this run:**")
        L.append("")
        for f in r["failures"]:
            L.append(f"- failed: {f.splitlines()[0][:400]}")
        for p in r["problems"]:
            L.append(f"- {p}")
        L.append("")
    L.append("### Machine")
    L.append("")
    L.append(f"- CPU: {m.get('nproc', '?')} cores (`nproc`), {m.get('cpu_model', '?')}; {m.get('kernel', '')}")
    L.append("- Memory (`free -g`):")
    L.append("")
    L.append("  ```")
    for line in m.get("free_g", "").splitlines():
        L.append("  " + line)
    L.append("  ```")
    L.append("")
    L.append(f"- PostgreSQL: {m.get('postgresql', '?')}; {m.get('pg_settings', '')}")
    java = r.get("service_java")  # absent in runs made before the service had its documented options
    how = (f"`{' '.join(f'{k}={v}' for k, v in java['env'].items())} java {' '.join(java['options'])} -jar` "
           "(deploy/README.md, Memory)" if java else "JVM defaults (no heap or GC flags)")
    L.append(f"- Java: {m.get('java', '?')}; {how}; `DB_POOL_SIZE` default (20)"
             + (f"; service environment also: {', '.join('`' + kv + '`' for kv in args.service_env)}"
                if args.service_env else ""))
    L.append(f"- Node.js {m.get('node', '?')}, PostGraphile {r.get('peer', {}).get('version', '?')}; "
             f"{m.get('wrk', 'wrk')}; {m.get('pgbench', 'pgbench')}")
    L.append(f"- Load average (1/5/15 min): {m.get('loadavg_start', '?')} at the start, "
             f"{r.get('loadavg_hot_path', '?')} before the hot path, {m.get('loadavg_end', '?')} at the end")
    L.append("- Shared machine: the load generators (wrk, pgbench, the ingest loader), the service, PostGraphile and "
             "PostgreSQL all run on these same cores, and other work (builds, other databases) may run too. "
             "Figures are for comparison within one run, not capacity numbers.")
    L.append("")
    d = r.get("data", {})
    g = r.get("generate", {})
    if d:
        L.append(f"Data: {d['customers']:,} customers, {d['purchases']:,} purchases, {d['lines']:,} lines, "
                 f"{d['visits']:,} visits; database {d['database_size']}; "
                 + (f"generated in {g['seconds']} s (bench/generator, seed {args.seed}, as_of {r['as_of']})."
                    if g.get("seconds") else "data reused from an earlier run.")
                 + " Later runs with `--reuse-db` also hold the earlier runs' ingest customers and purchases.")
        L.append("")

    hp = r.get("hot_path")
    L.append("### Hot path: `customerSegments(externalId)`")
    L.append("")
    if hp:
        wu = r.get("warmup", {})
        wtxt = "; ".join(f"{k}: {v['seconds']} s, req/s per round " + " → ".join(f"{q:,.0f}" for q in v["rounds_rps"])
                         for k, v in wu.items())
        L.append(f"{r['duration_s']} s per measurement, after warming each HTTP server up at 8 connections "
                 f"for at least a minute (PostGraphile half a minute) and until a {args.warmup_round} s round gained "
                 f"less than 10 % ({wtxt}); a "
                 f"random existing customer `gen-c-1..{r['customers']}` per request; wrk with 1 thread for 1 "
                 "connection, else 2 (`--latency`); pgbench `-M prepared` with the same client counts over TCP.")
        L.append("")
        L.append("| connections | service req/s | p50 | p99 | PostGraphile req/s | p50 | p99 | pgbench (SQL) tps | p50 | p99 "
                 "| service / PostGraphile | service / pgbench |")
        L.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for row in hp:
            s, p, q = row["service"], row.get("postgraphile") or {}, row["pgbench"]
            L.append(f"| {row['connections']} | {fmt(s['rps'])} | {ms(s['p50_ms'])} | {ms(s['p99_ms'])} "
                     f"| {fmt(p.get('rps'))} | {ms(p.get('p50_ms'))} | {ms(p.get('p99_ms'))} "
                     f"| {fmt(q['tps'])} | {ms(q['p50_ms'])} | {ms(q['p99_ms'])} "
                     f"| {rx(row['service_vs_postgraphile'])} | {rx(row['service_vs_pgbench'])} |")
        L.append("")
        L.append("Where the CPU went (cores busy on average during each measurement; CPU time per request): the "
                 "server process, the PostgreSQL backends of the benchmark database, the load generator (wrk or "
                 "pgbench), and other (everything else on the machine: other work, kernel networking).")
        L.append("")
        L.append("| connections | system | machine busy | server | PostgreSQL | load generator | other | "
                 "server CPU/request | PostgreSQL CPU/request |")
        L.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
        for row in hp:
            for name, v in (("service", row["service"]), ("PostGraphile", row.get("postgraphile")),
                            ("pgbench", row["pgbench"])):
                c = (v or {}).get("cpu")
                if not c:
                    continue
                L.append(f"| {row['connections']} | {name} | {fmt(c.get('machine_busy_pct'), 0, ' %')} "
                         f"| {fmt(c.get('server_cores'), 2) if 'server_cores' in c else '-'} "
                         f"| {fmt(c.get('postgres_cores'), 2)} | {fmt(c.get('loadgen_cores'), 2)} "
                         f"| {fmt(c.get('other_cores'), 2)} "
                         f"| {ms(c.get('server_cpu_ms_per_request')) if 'server_cores' in c else '-'} "
                         f"| {ms(c.get('postgres_cpu_ms_per_request'))} |")
        L.append("")
        others = [v["cpu"]["other_cores"] for row in hp for v in (row["service"], row.get("postgraphile"), row["pgbench"])
                  if v and v.get("cpu") and v["cpu"].get("other_cores") is not None]
        if others:
            mean_other = sum(others) / len(others)
            L.append(f"Other work took {mean_other:.2f} of the {m.get('nproc', '?')} cores on average during these "
                     "measurements" + (": the throughput figures are depressed by that much, the ratios less so."
                                       if mean_other >= 0.25 else "."))
            L.append("")
        errs = [f"{name} c{row['connections']}: {v['non_2xx']} non-2xx, {v['graphql_errors']} errors, "
                f"{v['socket_errors']} socket errors/timeouts, {v['empty']} empty"
                for row in hp for name, v in (("service", row["service"]), ("PostGraphile", row.get("postgraphile")))
                if v and (v["non_2xx"] or v["graphql_errors"] or v["socket_errors"] or v["empty"])]
        L.append("Errors: " + ("; ".join(errs) if errs else "none (every response 200 without `errors`, none empty)."))
        L.append("")
    else:
        L.append("Not measured (see above).")
        L.append("")
    L.append("- service: `query($e: String!) { customerSegments(externalId: $e) }`")
    L.append(f"- PostGraphile (`{r.get('peer', {}).get('command', 'postgraphile ...').replace(str(BENCH) + '/', 'bench/')}`"
             f", one Node.js process): `{PEER_QUERY}`")
    L.append(f"- pgbench (`bench/pgbench/customer_segments.sql`): `{SQL_LOOKUP}` with `$1 = 'gen-c-' || random`")
    ck = r.get("check")
    if ck:
        L.append(f"- Check, same keys from all three: **{'OK' if ck['ok'] else 'MISMATCH'}** — "
                 + "; ".join(f"`{line}`" for line in ck["lines"]))
    L.append("")

    L.append("### Recompute")
    L.append("")
    if r.get("recompute_api"):
        L.append("| what | time |")
        L.append("|---|---:|")
        for rc in r["recompute_api"]:
            L.append(f"| API `recomputeSegments(asOf: \"{r['as_of']}\")`, {rc['label']}: {rc['customers']:,} customers, "
                     f"{rc['memberships']:,} memberships (before: {rc['memberships_before']:,}) "
                     f"| {rc['took_ms']:,} ms (tookMillis; {rc['wall_s']} s over HTTP) |")
        sq = r.get("recompute_sql")
        if sq:
            L.append(f"| `bench/sql/rfm_lifecycle.sql` (lifecycle + RFM only, as `create temp table ... as`), "
                     f"second of two runs ({sq['rows']:,} rows; first run {sq['first_ms']:,.0f} ms) | {sq['second_ms']:,.0f} ms |")
            L.append("")
            L.append(f"Ratio, last API recompute / SQL: **{rx(r.get('recompute_ratio'))}**. The API recompute does more "
                     "than the reference statement: every metric and every segment family (behaviour segments read "
                     "lines and visits), writes customer_metrics, memberships and their history, in one transaction.")
        L.append("")
    inc = r.get("incremental")
    if inc:
        L.append(f"Incremental: {inc['runs']} times (of {inc['planned']} planned; bounded by time) `recordPurchases` of one "
                 "purchase for an existing customer, then one `customerSegments` read of that customer (the mutation "
                 "updates the segments in its own transaction, so the read shows them at once):")
        L.append("")
        L.append("| | p50 | p99 |")
        L.append("|---|---:|---:|")
        L.append(f"| mutation | {ms(inc['mutation_p50_ms'])} | {ms(inc['mutation_p99_ms'])} |")
        L.append(f"| read | {ms(inc['read_p50_ms'])} | {ms(inc['read_p99_ms'])} |")
        L.append(f"| mutation + read | {ms(inc['total_p50_ms'])} | {ms(inc['total_p99_ms'])} |")
        L.append("")
        L.append(f"The customers were prospects where possible ({inc['prospects']}); {inc['prospect_became_new']} of them "
                 f"read back as NEW and no longer PROSPECT; segments changed for {inc['segments_changed']} of {inc['runs']}.")
        L.append("")

    ing = r.get("ingest")
    L.append("### Ingest: `recordPurchases`")
    L.append("")
    if ing:
        L.append(f"New customers upserted first (untimed); purchases with 1..3 lines for them, {ing[0]['concurrency']} "
                 "concurrent keep-alive connections (`bench/ingest.py`, request bodies encoded before timing, concurrent "
                 "requests never share a customer), each size stopped after "
                 f"{args.ingest_time_limit:.0f} s. COPY: `\\copy` of the same rows (purchase with its derived columns, and "
                 "purchase_line) into the real tables in one transaction that is rolled back (indexes, checks and "
                 "foreign keys apply). "
                 + (f"{ing[0]['custom_segments']} custom segments (`bench/custom_rules.py`) were in place: every write "
                    "evaluated them for its customers." if ing[0].get("custom_segments")
                    else "No custom segment was in place."))
        L.append("")
        L.append("| batch | purchases (API) | API purchases/s | request p50 | request p99 | COPY purchases/s | API / COPY |")
        L.append("|---:|---:|---:|---:|---:|---:|---:|")
        for i in ing:
            ap, cp = i["api"], i.get("copy", {})
            L.append(f"| {i['batch']} | {ap['purchases']:,}{' (time limit)' if ap['stopped_by_time_limit'] else ''} "
                     f"| {fmt(ap['purchases_per_s'])} | {ms(ap['request_p50_ms'])} | {ms(ap['request_p99_ms'])} "
                     f"| {fmt(cp.get('purchases_per_s'), 0)} ({cp.get('purchases', 0):,} in {cp.get('copy_ms', 0):,.0f} ms) "
                     f"| {rx(i['ratio_api_vs_copy'])} |")
        L.append("")
    else:
        L.append("Not measured.")
        L.append("")

    L.append("### Resources (packaged JVM service)")
    L.append("")
    st, s1 = r.get("startup", {}), r.get("startup_first", {})
    hpmax = (hp or [{}])[-1]
    L.append("| | |")
    L.append("|---|---:|")
    if st:
        L.append(f"| start-up, process start to `/q/health/ready` UP (database migrated, data loaded) | {st['ready_s']} s "
                 f"(Quarkus log: started in {st.get('quarkus_started_in_s')} s) |")
    if s1:
        L.append(f"| first start of the run (on the {'empty database, Flyway migrating it' if r.get('db_action') == 'created' else 'reused database'}) "
                 f"| {s1['ready_s']} s |")
    if st.get("idle"):
        L.append(f"| RSS idle (after start-up, {args.settle:.0f} s, no request yet) | {fmt(st['idle']['rss_mib'])} MiB |")
    if hpmax.get("service_rss_after"):
        L.append(f"| RSS right after the {hpmax['connections']}-connection hot-path run | "
                 f"{fmt(hpmax['service_rss_after']['rss_mib'])} MiB (peak so far {fmt(hpmax['service_rss_after']['peak_rss_mib'])} MiB) |")
    if st.get("end"):
        L.append(f"| RSS at the end of the run (after ingest) | {fmt(st['end']['rss_mib'])} MiB "
                 f"(peak {fmt(st['end']['peak_rss_mib'])} MiB) |")
    peer = r.get("peer")
    if peer:
        L.append(f"| for comparison, PostGraphile: start-up {peer['ready_s']} s, RSS idle {fmt(peer['idle']['rss_mib'])} MiB, "
                 f"after the hot path {fmt((hpmax.get('postgraphile_rss_after') or {}).get('rss_mib'))} MiB | |")
    L.append("")
    return "\n".join(L)


HEADER = """# Benchmarks

Written by `bench/run` (see [bench/README.md](bench/README.md)); every figure below comes from one run of it,
on the machine described in its section. Do not edit by hand: rerun the harness.

Reproduce (PostgreSQL on 127.0.0.1:5432 with trust auth for `postgres`, a JDK 17, Node.js; the harness installs
`wrk` with apt-get and PostGraphile with npm on first use, and builds the service if `target/quarkus-app` is missing):

```shell
bench/run                          # small: 10,000 customers / 100,000 purchases, about 8 minutes
bench/run --size large             # 1,000,000 / 10,000,000; generating alone takes ~10 min
bench/run --size large --reuse-db  # again on the same data, without regenerating
```

How to read the figures: the machine is small and shared, and the load generators run on it next to the
service and PostgreSQL, so absolute numbers are low and vary between runs by tens of percent; the ratios
within one run (service versus PostGraphile versus plain SQL; API versus COPY) are what the runs compare.
"""


def write_report(r, args, path):
    """The run's section between its size's markers, through bench/report.py's write_section: everything else
    in the file stays (the other size's section, those of bench/segments, export, feed and due, and the text
    between them). A size seen for the first time is appended; a file that does not exist yet starts with
    HEADER."""
    markers = (f"<!-- bench:{r['size']}:begin -->", f"<!-- bench:{r['size']}:end -->")
    section = f"{markers[0]}\n{render(r, args)}\n{markers[1]}"
    if path.exists():
        write_section(markers, section, lambda msg: log(f"\n{msg}"), path)
    else:
        path.write_text(f"{HEADER}\n{section}\n")
        log(f"\nwrote {path}")


def summary(r):
    log("\n== summary ==")
    for row in r.get("hot_path", []):
        s, p, g = row["service"], row.get("postgraphile") or {}, row["pgbench"]
        log(f"hot path c={row['connections']}: service {fmt(s['rps'])} req/s, PostGraphile {fmt(p.get('rps'))} req/s, "
            f"pgbench {fmt(g['tps'])} tps; service/PostGraphile {rx(row['service_vs_postgraphile'])}, "
            f"service/pgbench {rx(row['service_vs_pgbench'])}")
    if r.get("recompute_api") and r.get("recompute_sql"):
        log(f"recompute: API {r['recompute_api'][-1]['took_ms']:,} ms, SQL {r['recompute_sql']['second_ms']:,.0f} ms, "
            f"ratio {rx(r.get('recompute_ratio'))}")
    if r.get("incremental"):
        i = r["incremental"]
        log(f"incremental: p50 {ms(i['total_p50_ms'])}, p99 {ms(i['total_p99_ms'])}")
    for i in r.get("ingest", []):
        log(f"ingest batch {i['batch']}: API {fmt(i['api']['purchases_per_s'])} purchases/s, COPY "
            f"{fmt(i.get('copy', {}).get('purchases_per_s'), 0)} purchases/s, ratio {rx(i['ratio_api_vs_copy'])}")
    st = r.get("startup", {})
    if st:
        after = (r.get("hot_path") or [{}])[-1].get("service_rss_after", {})
        log(f"service: start-up {st.get('ready_s')} s, RSS idle {fmt(st.get('idle', {}).get('rss_mib'))} MiB, "
            f"after the hot path {fmt(after.get('rss_mib'))} MiB")
    for f in r["failures"]:
        log(f"FAILED: {f.splitlines()[0][:300]}")
    for p in r["problems"]:
        log(f"PROBLEM: {p}")
