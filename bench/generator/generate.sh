#!/usr/bin/env bash
# Load seeded benchmark data into a database that has the V1 schema.
#
#   bench/generator/generate.sh DB_URL [customers] [seed] [extra psql args...]
#
#   DB_URL     postgresql://user@host:port/db
#   customers  default 10000 (purchases default to 10 per customer)
#   seed       default 42
#   extra      passed to psql, e.g. -v purchases=5000000 -v as_of=2027-01-01T00:00:00Z -v truncate=true
#
# Prints each step with its duration (psql \timing), the total wall time and the database size.
set -euo pipefail

if [[ $# -lt 1 || "$1" == -h || "$1" == --help ]]; then
    sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
    [[ $# -ge 1 ]] && exit 0 || exit 2
fi
db_url=$1
customers=${2:-10000}
seed=${3:-42}
shift $(( $# < 3 ? $# : 3 ))

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [[ "$(psql -X -q -At "$db_url" -c "select to_regclass('purchase_line') is not null")" != t ]]; then
    echo "generate.sh: $db_url has no V1 schema (table purchase_line); apply" >&2
    echo "  src/main/resources/db/migration/V1__customers_purchases_visits.sql first (or start the service once)" >&2
    exit 1
fi

start=$(date +%s.%N)
psql -X -q "$db_url" -v ON_ERROR_STOP=1 -v customers="$customers" -v seed="$seed" "$@" \
     -c '\timing on' -f "$here/generate.sql" 2>&1 |
    awk -v t0="$start" '
        /^Time: / { ms = $2 + 0; if (ms >= 50) { sub(/^Time: /, ""); printf "           ... %s\n", $0; fflush() }; next }
        { cmd = "date +%s.%N"; cmd | getline now; close(cmd);
          printf "[%7.1fs] %s\n", now - t0, $0; fflush() }'
status=${PIPESTATUS[0]}
end=$(date +%s.%N)
if [[ $status -ne 0 ]]; then
    echo "generate.sh: psql failed (exit $status)" >&2
    exit "$status"
fi
printf 'generate.sh: total %.1f s; database size %s\n' "$(echo "$end - $start" | bc)" \
    "$(psql -X -At "$db_url" -c 'select pg_size_pretty(pg_database_size(current_database()))')"
