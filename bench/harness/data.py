"""The benchmark database and its data set.

The harness works in a database of its own on 127.0.0.1:5432 (clientele_bench, or clientele_bench_large for
--size large): it drops and creates it for each run, and never a protected one. With --reuse-db it keeps the
database, and its generated data when that holds exactly gen-c-1 .. gen-c-N of the size (the first and the
last customer are there, the one after is not). Otherwise the service is started on it once, so that Flyway
migrates it, and bench/generator/generate.sh loads the seeded data (customers, purchases, lines, visits as of
--as-of). The counts and the database size go into the report.
"""
import subprocess
import time

from . import processes
from .common import BENCH, PG_HOST, PG_PORT, PG_USER, ROOT, Broken, db_url, log, psql, sh

# databases this harness must never drop or recreate
PROTECTED_DBS = {"postgres", "template0", "template1", "test", "root", "bench_1m", "eng_test"}


def prepare_database(args, customers):
    """Returns 'created' or 'reused'. Never touches a protected database."""
    name = args.db
    exists = psql("postgres", f"select count(*) from pg_database where datname = '{name}'") == "1"
    if exists and args.reuse_db:
        return "reused"
    if name in PROTECTED_DBS:
        raise Broken(f"refusing to (re)create database {name}: it is not the harness's own "
                     f"(use --reuse-db to run on it as it is, or another --db)")
    if exists:
        log(f"dropping database {name} (the harness's own; --reuse-db keeps it)")
        sh(["dropdb", "--force", "-h", PG_HOST, "-p", str(PG_PORT), "-U", PG_USER, name])
    sh(["createdb", "-h", PG_HOST, "-p", str(PG_PORT), "-U", PG_USER, name])
    return "created"


def data_state(db, customers):
    """Which generated customers exist: 'complete' (gen-c-1 and gen-c-N), 'none' or 'other'."""
    if psql(db, "select to_regclass('public.customer') is not null") != "t":
        return "none"
    first = psql(db, "select count(*) from customer where external_id = 'gen-c-1'") == "1"
    last = psql(db, f"select count(*) from customer where external_id = 'gen-c-{customers}'") == "1"
    beyond = psql(db, f"select count(*) from customer where external_id = 'gen-c-{customers + 1}'") == "1"
    if first and last and not beyond:
        return "complete"
    return "none" if not first else "other"


def load_data(run):
    """The "data" step: the service's first start on the database (migrating it), then the data set."""
    s = processes.start_service(run.args, run.jar, run.run_dir, "load")
    run.r["startup_first"] = s
    log(f"service ready in {s['ready_s']} s (first start on this database; Flyway migrated it if empty)")
    state = data_state(run.args.db, run.customers)
    if state == "complete":
        log(f"data present (gen-c-1 .. gen-c-{run.customers}): not generating")
        run.r["generate"] = {"skipped": "reused the database's data"}
    elif state == "other":
        raise Broken(f"database {run.args.db} holds generated customers of another size (gen-c-1 but not "
                     f"exactly gen-c-{run.customers}); use another --db, or drop it (without --reuse-db)")
    else:
        log(f"generating {run.customers:,} customers, {run.purchases:,} purchases (bench/generator/generate.sh)")
        t0 = time.monotonic()
        with open(run.run_dir / "generate.log", "w") as f:
            p = subprocess.Popen([str(BENCH / "generator" / "generate.sh"), db_url(run.args.db),
                                  str(run.customers), str(run.args.seed), "-v", f"as_of={run.args.as_of}"],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
            for line in p.stdout:
                f.write(line)
                log("  " + line.rstrip())
            p.wait(timeout=7200)
        if p.returncode != 0:
            raise Broken(f"generate.sh failed (exit {p.returncode}); see {run.run_dir / 'generate.log'}")
        run.r["generate"] = {"seconds": round(time.monotonic() - t0, 1)}
    run.r["data"] = {
        "customers": int(psql(run.args.db, "select count(*) from customer")),
        "purchases": int(psql(run.args.db, "select count(*) from purchase")),
        "visits": int(psql(run.args.db, "select count(*) from visit")),
        "lines": int(psql(run.args.db, "select count(*) from purchase_line")),
        "database_size": psql(run.args.db, "select pg_size_pretty(pg_database_size(current_database()))"),
    }
    d = run.r["data"]
    log(f"data: {d['customers']:,} customers, {d['purchases']:,} purchases, {d['lines']:,} lines, "
        f"{d['visits']:,} visits, {d['database_size']}")
