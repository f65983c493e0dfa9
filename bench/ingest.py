#!/usr/bin/env python3
"""Ingest benchmark for bench/run: purchases per second through recordPurchases, next to COPY of the
same rows.

  bench/ingest.py --url http://127.0.0.1:18080/graphql --db postgresql://postgres@127.0.0.1:5432/clientele_bench \\
                  --prefix bench-20261123-b100 --batch 100 --purchases 20000

Steps (only step 4 and step 5 are timed):
  1. builds --customers new customers <prefix>-c-<n> and upserts them through upsertCustomers
     (batches of 1,000; the ids it returns are used for the COPY rows);
  2. builds --purchases purchases <prefix>-p-<n> (seeded: 1..3 lines, 20 categories, prices, some
     discounts, ordered in the two years before --as-of) and encodes every request body up front;
  3. writes the same rows as CSV (purchase with its derived columns, purchase_line) into --out;
  4. COPY: psql \\copy of both files into the real tables purchase and purchase_line inside a
     transaction that is rolled back (indexes, constraints and foreign keys all apply; nothing stays);
  5. API: --concurrency threads, each with one keep-alive connection, send recordPurchases requests of
     --batch purchases; thread t only touches customers n with n % concurrency == t, so concurrent
     requests never share a customer. Stops early after --time-limit seconds (then only the requests
     that completed count).
Prints progress, then one line "RESULT {json}".
"""
import argparse
import csv
import hashlib
import http.client
import json
import random
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import tokens  # noqa: E402  (bench/tokens.py)

CATEGORIES = ["shoes", "shirts", "trousers", "dresses", "jackets", "bags", "jewellery", "watches", "toys",
              "books", "music", "games", "kitchen", "garden", "tools", "beauty", "sports", "baby", "pets", "food"]
DEVICES = ["MOBILE_APP", "MOBILE_WEB", "DESKTOP", "TABLET"]
SOURCES = ["DIRECT", "ORGANIC_SEARCH", "PAID_SEARCH", "SOCIAL", "EMAIL"]
PURCHASE_MUTATION = "mutation($p: [PurchaseInput!]!) { recordPurchases(purchases: $p) { id } }"
CUSTOMER_MUTATION = "mutation($c: [CustomerInput!]!) { upsertCustomers(customers: $c) { id externalId } }"


class Api:
    """One keep-alive HTTP connection to the GraphQL endpoint."""

    def __init__(self, url, timeout=600, token=None):
        u = urllib.parse.urlsplit(url)
        self.headers = {"Content-Type": "application/json"}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
        self.host, self.port, self.path = u.hostname, u.port or 80, u.path or "/"
        self.timeout = timeout
        self.conn = None

    def post_raw(self, body):
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request("POST", self.path, body, self.headers)
                response = self.conn.getresponse()
                return response.status, response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise

    def call(self, query, variables):
        status, data = self.post_raw(json.dumps({"query": query, "variables": variables}).encode())
        answer = json.loads(data)
        if status != 200 or answer.get("errors"):
            raise RuntimeError(f"HTTP {status}: {data[:1000]!r}")
        return answer["data"]


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def build_purchases(args, customers, rng):
    """Returns (requests per thread as lists of (count, body bytes), purchase rows, line rows)."""
    as_of = datetime.fromisoformat(args.as_of.replace("Z", "+00:00"))
    k = args.concurrency
    groups = [[c for i, c in enumerate(customers) if i % k == t] for t in range(k)]
    per_thread = [[] for _ in range(k)]
    purchase_rows, line_rows = [], []
    n = 0
    request_no = 0
    while n < args.purchases:
        t = request_no % k
        count = min(args.batch, args.purchases - n)
        batch = []
        for _ in range(count):
            n += 1
            ext, cid = groups[t][rng.randrange(len(groups[t]))]
            ordered = as_of - timedelta(seconds=rng.randrange(60, 700 * 86400))
            lines, subtotal_cents, units, max_q, any_promo = [], 0, 0, 0, False
            for line_no in range(1, rng.choice((1, 1, 1, 2, 2, 3)) + 1):
                q = rng.choice((1, 1, 1, 2, 3))
                cents = rng.randrange(199, 25000)
                promo = rng.random() < 0.1
                cat = CATEGORIES[rng.randrange(len(CATEGORIES))]
                sku = f"{cat}-{rng.randrange(1000)}"
                price = f"{cents // 100}.{cents % 100:02d}"
                lines.append({"sku": sku, "category": cat, "quantity": q, "unitPrice": price, "onPromotion": promo})
                line_rows.append((n, line_no, sku, cat, q, price, "t" if promo else "f"))
                subtotal_cents += q * cents
                units += q
                max_q = max(max_q, q)
                any_promo = any_promo or promo
            discount_cents = subtotal_cents // 10 if rng.random() < 0.2 else 0
            device, source = rng.choice(DEVICES), rng.choice(SOURCES)
            p = {"externalId": f"{args.prefix}-p-{n}", "customerExternalId": ext, "orderedAt": iso(ordered),
                 "currency": "EUR", "lines": lines, "discount": f"{discount_cents / 100:.2f}",
                 "device": device, "source": source}
            batch.append(p)
            total_cents = subtotal_cents - discount_cents
            purchase_rows.append((n, p["externalId"], cid, p["orderedAt"], "EUR", f"{discount_cents / 100:.2f}",
                                  device, source, f"{subtotal_cents / 100:.2f}", f"{total_cents / 100:.2f}",
                                  units, max_q, "t" if any_promo else "f",
                                  "\\x" + hashlib.sha256(json.dumps(p, sort_keys=True).encode()).hexdigest()))
        body = json.dumps({"query": PURCHASE_MUTATION, "variables": {"p": batch}}, separators=(",", ":")).encode()
        per_thread[t].append((count, body))
        request_no += 1
    return per_thread, purchase_rows, line_rows


def copy_rows(args, purchase_rows, line_rows, out):
    base = int(subprocess.run(
        ["psql", "-X", "-At", args.db, "-c",
         "select greatest(coalesce(max(id), 0), pg_sequence_last_value(pg_get_serial_sequence('purchase', 'id')::regclass)) "
         "+ 1000000 from purchase"], check=True, capture_output=True, text=True, timeout=300).stdout.strip() or "0")
    pfile, lfile = out / f"{args.prefix}-purchase.csv", out / f"{args.prefix}-purchase_line.csv"
    with open(pfile, "w", newline="") as f:
        w = csv.writer(f)
        for r in purchase_rows:
            w.writerow((base + r[0],) + r[1:])
    with open(lfile, "w", newline="") as f:
        w = csv.writer(f)
        for r in line_rows:
            w.writerow((base + r[0],) + r[1:])
    script = (
        "\\set ON_ERROR_STOP on\n\\timing on\nbegin;\n"
        f"\\copy purchase (id, external_id, customer_id, ordered_at, currency, discount, device, source, subtotal, total, "
        f"units, max_line_quantity, any_promotion, content_hash) from '{pfile}' with (format csv)\n"
        f"\\copy purchase_line (purchase_id, line_no, sku, category, quantity, unit_price, on_promotion) "
        f"from '{lfile}' with (format csv)\n"
        "rollback;\n")
    started = time.monotonic()
    r = subprocess.run(["psql", "-X", args.db], input=script, capture_output=True, text=True, timeout=1800)
    wall = time.monotonic() - started
    if r.returncode != 0:
        raise RuntimeError(f"COPY failed: {r.stderr.strip()[:2000]}")
    times = [float(x) for x in re.findall(r"^Time: ([0-9.]+) ms", r.stdout, re.M)]
    # begin, copy, copy, rollback
    copy_ms = sum(times[1:3]) if len(times) >= 3 else wall * 1000
    return {"purchases": len(purchase_rows), "lines": len(line_rows), "copy_ms": round(copy_ms, 1),
            "psql_wall_ms": round(wall * 1000, 1),
            "purchases_per_s": round(len(purchase_rows) / (copy_ms / 1000), 1) if copy_ms > 0 else None}


def load(args, per_thread):
    deadline = time.monotonic() + args.time_limit
    results = [None] * len(per_thread)

    def worker(t):
        api = Api(args.url, token=args.token)
        done_purchases, done_requests, errors, latencies, first_error = 0, 0, 0, [], None
        for count, body in per_thread[t]:
            if time.monotonic() > deadline or errors >= 5:
                break
            t0 = time.monotonic()
            try:
                status, data = api.post_raw(body)
            except Exception as e:  # noqa: BLE001 - counted and reported
                status, data = 0, str(e).encode()
            latencies.append(time.monotonic() - t0)
            if status != 200 or b'"errors"' in data:
                errors += 1
                first_error = first_error or f"HTTP {status}: {data[:500]!r}"
            else:
                done_purchases += count
                done_requests += 1
        results[t] = (done_purchases, done_requests, errors, latencies, first_error)

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(len(per_thread))]
    started = time.monotonic()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    seconds = time.monotonic() - started
    purchases = sum(r[0] for r in results)
    latencies = sorted(x for r in results for x in r[3])

    def pct(p):
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000, 1) if latencies else None

    planned = sum(c for th in per_thread for c, _ in th)
    return {"purchases": purchases, "planned": planned, "requests": sum(r[1] for r in results),
            "errors": sum(r[2] for r in results), "first_error": next((r[4] for r in results if r[4]), None),
            "seconds": round(seconds, 2), "purchases_per_s": round(purchases / seconds, 1) if seconds else None,
            "request_p50_ms": pct(0.50), "request_p99_ms": pct(0.99), "stopped_by_time_limit": purchases < planned}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default="http://127.0.0.1:18080/graphql")
    ap.add_argument("--db", required=True, help="postgresql://user@host:port/db, for the COPY")
    ap.add_argument("--prefix", required=True, help="unique per run: external ids <prefix>-c-<n>, <prefix>-p-<n>")
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--purchases", type=int, default=10000)
    ap.add_argument("--customers", type=int, help="default: purchases / 10, at least 10 per thread")
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--time-limit", type=float, default=60, help="seconds for the API load")
    ap.add_argument("--as-of", default="2026-11-01T00:00:00Z", help="purchases lie in the two years before it")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent / "out"))
    ap.add_argument("--no-copy", action="store_true")
    ap.add_argument("--token", help="bearer token with the ingest role (default: see bench/tokens.py)")
    args = ap.parse_args()
    args.token = tokens.resolve(args.token, "ingest")
    if not 1 <= args.batch <= 1000:
        sys.exit("--batch must be 1..1000 (the service takes at most 1,000 purchases per request)")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    customers_n = args.customers or max(10 * args.concurrency, args.purchases // 10)
    rng = random.Random(args.seed)

    api = Api(args.url, token=args.token)
    t0 = time.monotonic()
    customers = []
    for i in range(0, customers_n, 1000):
        batch = [{"externalId": f"{args.prefix}-c-{n}", "country": "NL", "firstSeenAt": "2024-01-01T00:00:00Z"}
                 for n in range(i + 1, min(i + 1000, customers_n) + 1)]
        data = api.call(CUSTOMER_MUTATION, {"c": batch})
        customers += [(c["externalId"], int(c["id"])) for c in data["upsertCustomers"]]
    print(f"ingest: {len(customers)} customers {args.prefix}-c-* upserted in {time.monotonic() - t0:.1f} s", flush=True)

    t0 = time.monotonic()
    per_thread, purchase_rows, line_rows = build_purchases(args, customers, rng)
    print(f"ingest: {len(purchase_rows)} purchases ({len(line_rows)} lines) in "
          f"{sum(len(x) for x in per_thread)} requests of <= {args.batch} built in {time.monotonic() - t0:.1f} s",
          flush=True)

    result = {"batch": args.batch, "concurrency": args.concurrency, "customers": len(customers)}
    if not args.no_copy:
        result["copy"] = copy_rows(args, purchase_rows, line_rows, out)
        print(f"ingest: COPY {result['copy']['purchases']} purchases + {result['copy']['lines']} lines "
              f"(rolled back): {result['copy']['copy_ms']:.0f} ms = {result['copy']['purchases_per_s']:.0f} purchases/s",
              flush=True)
    result["api"] = load(args, per_thread)
    a = result["api"]
    print(f"ingest: API batch {args.batch} x {args.concurrency} concurrent: {a['purchases']} purchases in "
          f"{a['seconds']} s = {a['purchases_per_s']} purchases/s (request p50 {a['request_p50_ms']} ms, "
          f"p99 {a['request_p99_ms']} ms, errors {a['errors']})", flush=True)
    if a["first_error"]:
        print(f"ingest: first error: {a['first_error']}", flush=True)
    print("RESULT " + json.dumps(result), flush=True)
    return 1 if a["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
