#!/usr/bin/env bash
# Everything CI runs (`make test`): installs what is missing, builds the web app, checks format,
# lints, and runs the Rust tests on SQLite and PostgreSQL (with a real SMTP server) and the
# browser tests in Debian's Chromium. Works from a fresh clone on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export WORK="$PWD/.ci-work"
mkdir -p "$WORK"
# shellcheck source=.ci/services.sh
source .ci/services.sh
trap stop_services EXIT

step() { printf '\n==> %s\n' "$*"; }

step "system packages (Chromium, PostgreSQL, nginx, poppler, clamd, aiosmtpd, moto, nextest)"
ensure_packages

step "web app: install, generate typed operations, type-check, build"
(cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build && npm run lint)

step "format and lint"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings

step "build"
cargo build --locked --bin poortwachter

step "deployment files (YAML, Kubernetes objects, compose, container build vs Makefile)"
"$WORK/venv/bin/python" infra/check.py "${CARGO_TARGET_DIR:-target}/debug/poortwachter"

step "services for the tests (PostgreSQL, SMTP, S3, clamd, OpenID Connect provider)"
start_postgres
start_smtp
start_s3
start_clamd
start_oidc

step "Rust tests (unit, end-to-end on SQLite and PostgreSQL)"
# Free space where the tests write (their databases and stores), for reading a failed run.
df -h . "${TMPDIR:-/tmp}" /dev/shm 2>/dev/null || true
cargo nextest run --workspace --locked --no-fail-fast

step "browser tests (Chromium, axe)"
start_demo_server
(cd web && npm run test:browser)

step "all tests passed"
