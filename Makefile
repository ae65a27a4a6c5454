# Poortwachter: two commands matter.
#   make run   — builds the web app and the server, serves the demo at http://127.0.0.1:8080
#   make test  — everything CI runs (installs what is missing, starts PostgreSQL, SMTP, Chromium)
#   make bench — the figures of docs/benchmarks.md at scale (release build, PostgreSQL, SQLite)

.PHONY: run test bench web server lint fmt schema docs clean

run: web server
	./target/release/poortwachter serve --demo

web:
	cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build

server:
	cargo build --release --locked --bin poortwachter

test:
	bash .ci/test.sh

bench:
	bash .ci/bench.sh

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings

fmt:
	cargo fmt --all

# Regenerate the committed files derived from code (tests fail when they are stale).
schema:
	cargo run -q --bin poortwachter -- schema > web/schema.graphql

docs:
	cargo run -q --bin poortwachter -- policy-docs > docs/access-policy.md
	cargo run -q --bin poortwachter -- config-docs > docs/configuration.md

clean:
	cargo clean
	rm -rf web/node_modules web/dist .ci-work data
