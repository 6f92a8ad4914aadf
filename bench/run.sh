#!/usr/bin/env bash
# make bench: the rules engine (100,000 situations), then the list-page benchmark at one million contracts, on SQLite
# then (when BENCH_DATABASE_URL is set) PostgreSQL.
# BENCH_CONTRACTS overrides N (e.g. BENCH_CONTRACTS=20000 make bench for a quick look).
set -euo pipefail
cd "$(dirname "$0")/.."
n="${BENCH_CONTRACTS:-1000000}"
.venv/bin/python bench/rules.py
.venv/bin/python bench/lists.py --contracts "$n"
if [ -n "${BENCH_DATABASE_URL:-}" ]; then
  .venv/bin/python bench/lists.py --contracts "$n" --database-url "$BENCH_DATABASE_URL"
fi
.venv/bin/python bench/intake.py --quick --engines "sqlite${BENCH_DATABASE_URL:+,postgresql}" ${BENCH_DATABASE_URL:+--postgres-url "$BENCH_DATABASE_URL"}
