"""What every part of bench/run shares: paths, sizes, the database, subprocess and HTTP helpers, the tokens.

The service the harness starts verifies bearer tokens with SECRET, made afresh for each run; each client
sends the role it needs (authentication stays on, as in production). PostGraphile takes no token.
"""
import json
import subprocess
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

import service  # bench/service.py: psql
import tokens  # bench/tokens.py: bearer tokens

BENCH = Path(__file__).resolve().parent.parent
ROOT = BENCH.parent
OUT = BENCH / "out"

SIZES = {"small": (10_000, 100_000), "large": (1_000_000, 10_000_000)}
DEFAULT_DB = {"small": "clientele_bench", "large": "clientele_bench_large"}
PG_HOST, PG_PORT, PG_USER = "127.0.0.1", 5432, "postgres"

SECRET = tokens.new_secret()
ADMIN_TOKEN = tokens.mint(SECRET, ["admin"], hours=48)
STOREFRONT_TOKEN = tokens.mint(SECRET, ["storefront"], hours=48)
INGEST_TOKEN = tokens.mint(SECRET, ["ingest"], hours=48)


class Broken(Exception):
    """A step that the rest of the run cannot do without failed."""


def log(msg=""):
    print(msg, flush=True)


def now_utc():
    return datetime.now(timezone.utc)


def sh(cmd, timeout=600, check=True, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kw)
    if check and r.returncode != 0:
        raise Broken(f"{' '.join(map(str, cmd))[:300]} failed (exit {r.returncode}): "
                     f"{(r.stderr or r.stdout).strip()[-2000:]}")
    return r


def db_url(db):
    return f"postgresql://{PG_USER}@{PG_HOST}:{PG_PORT}/{db}"


def psql(db, sql, timeout=600):
    """One statement through bench/service.py's psql, its unaligned output; a failure stops the step."""
    try:
        return service.psql(db, sql, timeout=timeout)
    except RuntimeError as e:
        raise Broken(f"psql -d {db} -c {sql[:300]!r}: {e}") from None


def http_get(url, timeout=2):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.status, r.read()


def http_post_json(url, payload, timeout=30, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url, json.dumps(payload).encode(), headers)
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return json.loads(r.read())


def ratio(a, b):
    return float(f"{a / b:.4g}") if a and b else None


# number formats, for the log and the report
def fmt(v, digits=1, unit=""):
    if v is None:
        return "n/a"
    if isinstance(v, (int, float)):
        return f"{v:,.{digits}f}{unit}"
    return str(v)


def ms(v):
    if v is None:
        return "n/a"
    return f"{v:.3f} ms" if v < 1 else f"{v:.2f} ms" if v < 10 else f"{v:.1f} ms" if v < 100 else f"{v:,.0f} ms"


def rx(v):
    return "n/a" if v is None else f"{v:.3g}x"
