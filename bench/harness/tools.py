"""The tools bench/run needs, installed when missing, before anything else runs.

A clean clone on a fresh Debian machine has Java, the Maven wrapper, PostgreSQL and Python, and may lack
the rest. With apt-get: wrk (the HTTP load), postgresql-client (psql, createdb, dropdb), nodejs and npm
(PostGraphile), bc (bench/generator/generate.sh prints its total with it) and procps (pgrep for the wait
on a running Maven, free for the machine's memory); all missing packages in one apt-get install, after one
apt-get update per run: a fresh machine has no package lists, and install alone finds nothing. pgbench
comes with the PostgreSQL server (Debian 12: postgresql-15), so it is only checked. PostGraphile goes into
bench/node_modules with npm ci, pinned by bench/package-lock.json. Each failure says what is missing and
how to install it by hand. The machine step asks these tools their versions, so this step runs first.
"""
import os
import shutil
import subprocess

from .common import BENCH, Broken, log

# tool -> Debian package that brings it
APT_TOOLS = (("wrk", "wrk"), ("psql", "postgresql-client"), ("pgbench", "postgresql-client"),
             ("createdb", "postgresql-client"), ("dropdb", "postgresql-client"), ("node", "nodejs"),
             ("npm", "npm"), ("bc", "bc"), ("pgrep", "procps"), ("free", "procps"))
POSTGRAPHILE = BENCH / "node_modules" / ".bin" / "postgraphile"

apt_updated = False  # apt-get update runs once per run, before the first install


def apt_run(cmd, what):
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=900, stdin=subprocess.DEVNULL,
                       env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    if r.returncode != 0:
        raise Broken(f"{' '.join(cmd)} failed (exit {r.returncode}), so {what}: "
                     f"{(r.stderr or r.stdout).strip()[-2000:]}")


def apt_install(pkgs):
    global apt_updated
    names = " ".join(pkgs)
    if os.geteuid() != 0:
        raise Broken(f"missing: {names}, and this is not root to install them: "
                     f"apt-get update && apt-get install -y {names}")
    if not apt_updated:
        log("apt-get update (once per run: a fresh machine has no package lists)")
        apt_run(["apt-get", "update"], f"{names} cannot be installed (no package lists)")
        apt_updated = True
    log(f"installing {names} (apt-get install -y)")
    apt_run(["apt-get", "install", "-y", *pkgs], f"{names} could not be installed; install them by hand")


def ensure_tools():
    if shutil.which("java") is None:
        raise Broken("java is not installed (the service needs a JDK 17)")
    pkgs = []
    for tool, pkg in APT_TOOLS:
        if shutil.which(tool) is None and pkg not in pkgs:
            pkgs.append(pkg)
    if pkgs:
        apt_install(pkgs)
        still = [f"{tool} ({pkg})" for tool, pkg in APT_TOOLS if shutil.which(tool) is None]
        if still:
            raise Broken(f"still missing after apt-get install -y {' '.join(pkgs)}: {', '.join(still)}")
    r = subprocess.run(["pgbench", "--version"], capture_output=True, text=True, timeout=60)
    if r.returncode != 0:  # /usr/bin/pgbench is Debian's pg_wrapper, there even when pgbench itself is not
        raise Broken(f"pgbench does not run: {(r.stderr or r.stdout).strip()[-500:]}; it comes with PostgreSQL "
                     "(on Debian 12 in the server package, postgresql-15), which the harness does not install")
    if not POSTGRAPHILE.exists():
        log("installing PostGraphile into bench/node_modules (npm ci, pinned by bench/package-lock.json)")
        r = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=BENCH, capture_output=True, text=True,
                           timeout=900, stdin=subprocess.DEVNULL)
        if r.returncode != 0 or not POSTGRAPHILE.exists():
            how = f"failed (exit {r.returncode})" if r.returncode else "left no node_modules/.bin/postgraphile"
            raise Broken(f"npm ci in bench/ {how}, so PostGraphile is not installed "
                         f"(by hand: cd bench && npm ci): {(r.stderr or r.stdout).strip()[-2000:]}")
