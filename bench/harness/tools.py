"""The tools bench/run needs, installed when missing: wrk, psql and pgbench with apt-get, PostGraphile with npm ci
into bench/node_modules (pinned by bench/package-lock.json). Java, Node.js and npm must be there.
"""
import os
import shutil

from .common import BENCH, Broken, log, sh


def apt_install(pkg):
    if os.geteuid() != 0:
        raise Broken(f"{pkg} is missing and this is not root: apt-get install -y {pkg}")
    log(f"installing {pkg} (apt-get update, then install)")
    # a fresh machine has no package lists: update first, always
    sh(["apt-get", "update"], timeout=900)
    sh(["apt-get", "install", "-y", pkg], timeout=900)


def ensure_tools():
    for tool, pkg in (("wrk", "wrk"), ("psql", "postgresql-client"), ("pgbench", "postgresql-client"),
                      ("createdb", "postgresql-client")):
        if shutil.which(tool) is None:
            apt_install(pkg)
    for tool in ("java", "node", "npm"):
        if shutil.which(tool) is None:
            raise Broken(f"{tool} is not installed")
    if not (BENCH / "node_modules" / ".bin" / "postgraphile").exists():
        log("installing PostGraphile into bench/node_modules (npm ci, pinned by bench/package-lock.json)")
        sh(["npm", "ci", "--no-audit", "--no-fund"], cwd=BENCH, timeout=900)
