#!/usr/bin/env python3
"""Loads the CDNOW purchase history into a running Clientele service through its GraphQL API.

Usage: bench/import-cdnow.py [FILE] [--url http://localhost:8080/graphql] [--batch 1000] [--token TOKEN]

It sends an ingest token: --token, $CLIENTELE_TOKEN, one minted from $CLIENTELE_JWT_SECRET, or the
dev-mode token of target/dev-tokens.env (see bench/tokens.py).

Every row of the file is one purchase. External ids are derived from the file, so a second run
replays the same ids with the same content and changes nothing:
  customer  cdnow-<customer_id>
  purchase  cdnow-<customer_id>-<date>-<n>   (n counts the customer's rows on that date, from 1)
A row of k CDs for d dollars becomes lines that add up to exactly d: the cents are spread over the
k units (k - r units at floor(d/k), r units one cent more), all with SKU "cd", category "music".
Orders are placed at 00:00 UTC of their date; the currency is USD.
"""
import argparse
import gzip
import json
import sys
import time
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import tokens  # noqa: E402  (bench/tokens.py)

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "src/test/resources/cdnow/CDNOW_master.txt.gz"
TOKEN = None


def post(url, query, variables):
    body = json.dumps({"query": query, "variables": variables}).encode()
    request = urllib.request.Request(url, body, {"Content-Type": "application/json",
                                                 "Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(request, timeout=300) as response:
        answer = json.load(response)
    if answer.get("errors"):
        sys.exit("GraphQL error: " + json.dumps(answer["errors"])[:2000])
    return answer["data"]


def lines(cds, dollars):
    cents = round(float(dollars) * 100)
    base, extra = divmod(cents, cds)
    parts = [(cds - extra, base), (extra, base + 1)]
    return [{"sku": "cd", "category": "music", "quantity": q, "unitPrice": f"{c / 100:.2f}"}
            for q, c in parts if q > 0]


def read(path):
    purchases, seen = [], defaultdict(int)
    with (gzip.open(path, "rt") if str(path).endswith(".gz") else open(path)) as f:
        next(f)
        for row in f:
            customer, date, cds, dollars = row.split()
            seen[(customer, date)] += 1
            purchases.append({
                "externalId": f"cdnow-{customer}-{date}-{seen[(customer, date)]}",
                "customerExternalId": f"cdnow-{customer}",
                "orderedAt": f"{date[:4]}-{date[4:6]}-{date[6:]}T00:00:00Z",
                "currency": "USD",
                "lines": lines(int(cds), dollars),
            })
    return purchases


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", default=str(DEFAULT_FILE))
    parser.add_argument("--url", default="http://localhost:8080/graphql")
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--token", help="a bearer token with the ingest role (see the header)")
    args = parser.parse_args()
    global TOKEN
    TOKEN = tokens.resolve(args.token, "ingest")
    if TOKEN is None:
        sys.exit("No token: pass --token, or set CLIENTELE_TOKEN or CLIENTELE_JWT_SECRET (see bench/tokens.py)")

    started = time.monotonic()
    purchases = read(args.file)
    first_seen = {}
    for p in purchases:
        c = p["customerExternalId"]
        first_seen[c] = min(first_seen.get(c, p["orderedAt"]), p["orderedAt"])
    customers = sorted(first_seen)
    print(f"{len(customers)} customers, {len(purchases)} purchases in {args.file}", flush=True)

    for i in range(0, len(customers), args.batch):
        batch = [{"externalId": c, "firstSeenAt": first_seen[c]} for c in customers[i:i + args.batch]]
        post(args.url, "mutation($c: [CustomerInput!]!) { upsertCustomers(customers: $c) { id } }", {"c": batch})
        print(f"customers {min(i + args.batch, len(customers))}/{len(customers)}", flush=True)

    for i in range(0, len(purchases), args.batch):
        post(args.url, "mutation($p: [PurchaseInput!]!) { recordPurchases(purchases: $p) { id } }",
             {"p": purchases[i:i + args.batch]})
        done = min(i + args.batch, len(purchases))
        if done % 10000 < args.batch or done == len(purchases):
            rate = done / (time.monotonic() - started)
            print(f"purchases {done}/{len(purchases)} ({rate:.0f}/s)", flush=True)

    print(f"done in {time.monotonic() - started:.1f} s", flush=True)


if __name__ == "__main__":
    main()
