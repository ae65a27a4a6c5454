#!/usr/bin/env bash
# `make bench`: builds the release server, starts PostgreSQL from the machine's binaries (as
# `make test` does) and runs the scale benchmark (tests/benches/scale.rs) on PostgreSQL and
# SQLite, with PostGraphile 4 (tests/benches/postgraphile, Node.js) beside our server on
# PostgreSQL; the figures replace the generated section of docs/benchmarks.md. About an hour on
# 2 cores at the default scale (1M cases); BENCH_CASES etc. make it smaller (see the bench).
set -euo pipefail
cd "$(dirname "$0")/.."
export WORK="$PWD/.ci-work"
mkdir -p "$WORK"
# shellcheck source=.ci/services.sh
source .ci/services.sh
trap stop_services EXIT

[ -n "$(pg_bindir)" ] || apt_install postgresql
command -v npm >/dev/null || apt_install nodejs npm
(cd tests/benches/postgraphile && npm ci --no-audit --no-fund --loglevel=error)
cargo build --release --locked --bin poortwachter
cargo build --release --locked -p e2e --bench scale
start_postgres
cargo bench --locked -p e2e --bench scale
