"""bench/run's parts, one module per step, so that each measurement can be read on its own.

  common      paths, sizes, the database URL, psql and subprocess helpers, the tokens, Broken
  tools       what the harness installs when it is missing (apt-get, npm ci), before anything else runs
  data        the benchmark database: create or reuse it, generate the data set, count it
  processes   the processes the harness starts and stops: the packaged service and PostGraphile
  resources   the machine, CPU accounting per measurement, resident memory, start-up time
  recompute   the full recompute (API next to the reference SQL) and the incremental path
  storefront  the hot path: customerSegments over HTTP (wrk) next to PostGraphile (wrk) and SQL (pgbench)
  ingest      recordPurchases in batches, next to COPY of the same rows (drives bench/ingest.py)
  runner      the order of the steps, and what a failed step means for the rest of the run
  results     the BENCHMARKS.md section of a size and the summary printed at the end

bench/run is the command; these modules only hold its code. They import the shared bench helpers
(ingest.py, service.py, report.py, tokens.py) as top-level modules, so bench/ must be on sys.path: bench/run
puts it there, and so does this file for `python3 -m harness....` and for imports from elsewhere.
"""
import sys
from pathlib import Path

_BENCH = str(Path(__file__).resolve().parent.parent)
if _BENCH not in sys.path:
    sys.path.insert(0, _BENCH)
