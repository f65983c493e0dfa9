"""The packaged service and psql for the bench scripts that run against an existing database (segments, export).

  ensure_app(name)   a copy of target/quarkus-app under bench/out/<name> (built first when missing), so that a
                     build running in target/ meanwhile cannot pull the jar away; returns the jar
  start(...)         starts it on 127.0.0.1:5432/<db> with a token secret and waits until it is ready
  psql(db, sql)      one statement through psql, its unaligned output
"""
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"


def psql(db, sql, timeout=3600):
    r = subprocess.run(["psql", "-X", "-q", "-At", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-c", sql],
                       capture_output=True, text=True, timeout=timeout)
    if r.returncode != 0:
        raise RuntimeError(f"psql failed: {r.stderr.strip()}")
    return r.stdout.strip()


def ensure_app(name, log=print):
    jar = ROOT / "target" / "quarkus-app" / "quarkus-run.jar"
    if not jar.exists():
        log("building the service: ./mvnw -B package -DskipTests")
        subprocess.run(["./mvnw", "-B", "-q", "package", "-DskipTests"], cwd=ROOT, check=True, timeout=3600)
    app = OUT / name
    shutil.rmtree(app, ignore_errors=True)
    shutil.copytree(ROOT / "target" / "quarkus-app", app)
    return app / "quarkus-run.jar"


def start(db, port, jar, secret, log_file, java_options=(), env_extra=None):
    """The service process, once /q/health/ready answers UP (at most 600 s: a start-up recompute may run)."""
    with socket.socket() as s:
        if s.connect_ex(("127.0.0.1", port)) == 0:
            raise RuntimeError(f"port {port} is busy: pass --port")
    env = dict(os.environ, DB_URL=f"postgresql://127.0.0.1:5432/{db}", DB_USER="postgres", PORT=str(port),
               CLIENTELE_EMBEDDED_DATABASE_ENABLED="false", CLIENTELE_JWT_SECRET=secret,
               CLIENTELE_LIMITS_REQUEST_TIMEOUT="60s", **(env_extra or {}))
    env.pop("DB_PASSWORD", None)
    process = subprocess.Popen(["java", *java_options, "-jar", str(jar)], stdout=open(log_file, "w"),
                               stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the service exited during start-up; see {log_file}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/q/health/ready", timeout=2) as r:
                if b'"UP"' in r.read():
                    return process
        except (urllib.error.URLError, ConnectionError, socket.timeout, OSError):
            pass
        time.sleep(0.2)
    process.terminate()
    raise RuntimeError("the service did not become ready within 600 s")
