"""One run of bench/run: its steps in order, each a section of the log, and what a failure means.

A step that raises Broken (or anything else) is recorded in the results' failures and the run goes on
where it can: without its tools it stops at once; without the jar or the database after preparing;
without data after the data step; without a started service after the start. A problem (wrong answers,
failed requests) is recorded and the run goes on. The steps themselves live in the modules named below.
"""
import time
import traceback

from . import data, ingest, processes, recompute, resources, storefront, tools
from .common import OUT, ROOT, SIZES, Broken, log, now_utc


class Run:
    def __init__(self, args):
        self.args = args
        self.customers, self.purchases = SIZES[args.size]
        self.started = now_utc()
        self.run_id = self.started.strftime("%Y%m%d%H%M%S")
        self.run_dir = OUT / f"{args.size}-{self.run_id}"
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.r = {"size": args.size, "customers": self.customers, "purchases": self.purchases, "db": args.db,
                  "started": self.started.isoformat(timespec="seconds"), "failures": [], "problems": [],
                  "duration_s": args.duration, "warmup_s": args.warmup, "connections": args.connections,
                  "as_of": args.as_of, "run_dir": str(self.run_dir.relative_to(ROOT)),
                  "service_java": {"options": processes.JAVA_OPTIONS, "env": processes.JAVA_ENV}}
        self.url = f"http://127.0.0.1:{args.port}/graphql"
        self.peer_url = f"http://127.0.0.1:{args.peer_port}/graphql"
        self.jar = None

    def section(self, name, fn):
        log(f"\n== {name} ==")
        t0 = time.monotonic()
        try:
            fn(self)
        except Broken as e:
            log(f"FAILED: {name}: {e}")
            self.r["failures"].append(f"{name}: {str(e)[:1500]}")
        except Exception as e:  # noqa: BLE001 - reported, the run goes on
            traceback.print_exc()
            self.r["failures"].append(f"{name}: {type(e).__name__}: {str(e)[:1500]}")
        log(f"({name}: {time.monotonic() - t0:.0f} s)")

    def problem(self, msg):
        log(f"PROBLEM: {msg}")
        self.r["problems"].append(msg)

    def go(self):
        a = self.args
        self.section("tools", lambda run: tools.ensure_tools())  # first: the machine step asks them their versions
        if self.r["failures"]:
            return
        self.section("machine", resources.machine)
        self.section("prepare (jar, database)", prepare)
        if self.r["failures"]:
            return
        self.section("data", data.load_data)
        if self.r["failures"]:
            return
        self.section("recompute (first)", recompute.first)
        processes.stop("service")
        self.section("service start", resources.restart)
        if "startup" not in self.r:
            return
        self.section("recompute", recompute.recompute)
        self.section("PostGraphile", storefront.postgraphile)
        self.section("check", storefront.check)
        self.section("hot path", storefront.hot_path)
        self.section("incremental", recompute.incremental)
        if not a.skip_ingest:
            self.section("ingest", ingest.ingest)
        resources.finish(self)
        self.r["machine"]["loadavg_end"] = resources.loadavg()
        self.r["finished"] = now_utc().isoformat(timespec="seconds")
        self.r["wall_s"] = round((now_utc() - self.started).total_seconds())


def prepare(run):
    """The "prepare" step: the service's jar, the database."""
    jar, built = processes.ensure_jar(run.run_dir, run.args.maven_wait_minutes)
    run.jar = jar
    run.r["jar_built"] = built.isoformat(timespec="seconds")
    log(f"service: {jar} (target/quarkus-app built {run.r['jar_built']})")
    run.r["db_action"] = data.prepare_database(run.args, run.customers)
    log(f"database {run.args.db}: {run.r['db_action']}")
