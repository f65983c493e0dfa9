"""The processes bench/run starts: the packaged service and PostGraphile, and stopping them again.

Each runs in its own process group (start_new_session), is remembered in started_processes, and is stopped
with SIGTERM (SIGKILL after a grace period) by stop() or, whatever happened, by stop_all() at the end of the
run. The service runs from a copy of target/quarkus-app (bench/service.py's ensure_app), so that a build in
target/ during the run cannot pull the jar away. Start-up is timed from the process start to
/q/health/ready answering UP, polled every 50 ms: that is the report's start-up time.

bench/service.py's start() is not used for the service: it sets a 60 s request limit (which also becomes
PostgreSQL's statement_timeout), polls every 200 ms and keeps the process in this one's group, and each of
these would change what bench/run measures.
"""
import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
from datetime import datetime, timezone

import service  # bench/service.py: ensure_app

from .common import BENCH, PG_HOST, PG_PORT, PG_USER, ROOT, SECRET, Broken, db_url, http_get, http_post_json, log

started_processes = {}  # name -> Popen (own process groups: start_new_session)

# How the packaged service is meant to run (deploy/README.md, "Memory"; README.md, "Run it"), so that the
# benchmark measures that configuration and not the JVM's defaults for this machine (G1 with a quarter of
# its 24 GiB as the heap limit grew the process to 1.3 GiB over a run, for a live set of 20 to 60 MB):
# the serial collector (no concurrent GC threads or remembered sets: the smallest footprint for a heap this
# size), a 128 MB heap (96 MB cost batch ingest half its throughput in full collections; a smaller initial
# heap shrank the young generation and cost the hot path a collection
# every 45 ms), the JVM handing freed C heap (the JIT's compiler arenas) back to the system every 10 s, and
# glibc kept to two malloc arenas instead of one per thread.
JAVA_OPTIONS = ["-XX:+UseSerialGC", "-Xmx128m", "-XX:TrimNativeHeapInterval=10000"]
JAVA_ENV = {"MALLOC_ARENA_MAX": "2"}


def start(name, cmd, log_file, env=None, cwd=None):
    f = open(log_file, "w")
    p = subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT, env=env, cwd=cwd, start_new_session=True)
    started_processes[name] = p
    return p


def stop(name, grace=30):
    p = started_processes.pop(name, None)
    if p is None or p.poll() is not None:
        return
    try:
        os.killpg(p.pid, signal.SIGTERM)
        p.wait(grace)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait(10)
    except ProcessLookupError:
        pass


def stop_all():
    for name in list(started_processes):
        stop(name)


def pid(name):
    p = started_processes.get(name)
    return p.pid if p else None


def port_busy(port):
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def maven_pids():
    r = subprocess.run(["pgrep", "-f", "maven"], capture_output=True, text=True)
    return [int(x) for x in r.stdout.split() if int(x) != os.getpid()]


def ensure_jar(run_dir, wait_minutes):
    """Copies target/quarkus-app to bench/out/quarkus-app (building it once if missing), so that a
    build running in target/ during the benchmark cannot pull the jar away. Waits for a running Maven first,
    and builds with the output in run_dir/maven-package.log. Returns the copy's jar and when target/ was built."""
    jar = ROOT / "target" / "quarkus-app" / "quarkus-run.jar"
    deadline = time.monotonic() + wait_minutes * 60
    while maven_pids() and time.monotonic() < deadline:
        log(f"a Maven process is running (pids {maven_pids()}): waiting for it to finish before using target/")
        time.sleep(15)
    if maven_pids():
        if not jar.exists():
            raise Broken("target/quarkus-app/quarkus-run.jar is missing and Maven is still running; try again later")
        log("Maven still running: copying the existing target/quarkus-app anyway")
    if not jar.exists():
        log("building the service: ./mvnw -B package -DskipTests")
        with open(run_dir / "maven-package.log", "w") as f:
            r = subprocess.run(["./mvnw", "-B", "package", "-DskipTests"], cwd=ROOT, stdout=f,
                               stderr=subprocess.STDOUT, timeout=3600)
        if r.returncode != 0 or not jar.exists():
            raise Broken(f"./mvnw package failed; see {run_dir / 'maven-package.log'}")
    copy = service.ensure_app("quarkus-app", log)  # the jar exists now: this only copies
    built = datetime.fromtimestamp((ROOT / "target" / "quarkus-app" / "app").stat().st_mtime, timezone.utc)
    return copy, built


def start_service(args, jar, run_dir, tag):
    if port_busy(args.port):
        raise Broken(f"port {args.port} is busy: stop what listens there or pass --port")
    env = dict(os.environ, DB_URL=f"postgresql://{PG_HOST}:{PG_PORT}/{args.db}", DB_USER=PG_USER,
               PORT=str(args.port), CLIENTELE_EMBEDDED_DATABASE_ENABLED="false", CLIENTELE_JWT_SECRET=SECRET,
               **JAVA_ENV)
    env.pop("DB_PASSWORD", None)
    for kv in args.service_env:
        k, _, v = kv.partition("=")
        env[k] = v
    log_file = run_dir / f"service-{tag}.log"
    t0 = time.monotonic()
    p = start("service", ["java", *JAVA_OPTIONS, "-jar", str(jar)], log_file, env=env, cwd=run_dir)
    url = f"http://127.0.0.1:{args.port}/q/health/ready"
    deadline = t0 + 600
    while time.monotonic() < deadline:
        if p.poll() is not None:
            raise Broken(f"the service exited (code {p.returncode}) during start-up; log: {log_file}\n"
                         + log_file.read_text()[-3000:])
        try:
            status, body = http_get(url, timeout=2)
            if status == 200 and b'"UP"' in body:
                break
        except (urllib.error.URLError, ConnectionError, socket.timeout, OSError):
            pass
        time.sleep(0.05)
    else:
        raise Broken(f"the service did not become ready within 600 s; log: {log_file}")
    ready = time.monotonic() - t0
    m = re.search(r"started in ([0-9.]+)s", log_file.read_text())
    return {"ready_s": round(ready, 2), "quarkus_started_in_s": float(m.group(1)) if m else None,
            "pid": p.pid, "log": str(log_file)}


def start_peer(args, run_dir):
    """PostGraphile 4 on the same database (one Node.js process, pool --pool-size, GraphiQL and query log off).
    Checks by introspection that it generated the two fields the peer query asks for."""
    if port_busy(args.peer_port):
        raise Broken(f"port {args.peer_port} is busy: stop what listens there or pass --peer-port")
    cmd = [str(BENCH / "node_modules" / ".bin" / "postgraphile"), "-c", db_url(args.db), "--schema", "public",
           "--host", "127.0.0.1", "--port", str(args.peer_port), "--disable-graphiql", "--disable-query-log",
           "--max-pool-size", str(args.pool_size)]
    t0 = time.monotonic()
    p = start("postgraphile", cmd, run_dir / "postgraphile.log", cwd=BENCH)
    url = f"http://127.0.0.1:{args.peer_port}/graphql"
    while time.monotonic() < t0 + 120:
        if p.poll() is not None:
            raise Broken("PostGraphile exited during start-up: " + (run_dir / "postgraphile.log").read_text()[-3000:])
        try:
            if http_post_json(url, {"query": "{ __typename }"}, timeout=2).get("data"):
                break
        except (urllib.error.URLError, ConnectionError, socket.timeout, OSError, ValueError):
            pass
        time.sleep(0.1)
    else:
        raise Broken("PostGraphile did not answer within 120 s")
    ready = time.monotonic() - t0
    # what did it generate? (the peer query depends on these two fields)
    q = http_post_json(url, {"query": '{ q: __type(name: "Query") { fields { name } } '
                                      'c: __type(name: "Customer") { fields { name } } }'})
    qf = {f["name"] for f in q["data"]["q"]["fields"]}
    cf = {f["name"] for f in q["data"]["c"]["fields"]}
    if "customerByExternalId" not in qf or "segmentMembershipsByCustomerId" not in cf:
        raise Broken("PostGraphile did not generate customerByExternalId / Customer.segmentMembershipsByCustomerId; "
                     f"Query has {sorted(x for x in qf if 'ustomer' in x)}")
    version = json.loads((BENCH / "node_modules" / "postgraphile" / "package.json").read_text())["version"]
    return {"ready_s": round(ready, 2), "pid": p.pid, "version": version, "command": " ".join(cmd)}
