# Local services for the test suite, started from the machine's own binaries: a throwaway
# PostgreSQL cluster, a real SMTP server (aiosmtpd), an S3-compatible server (moto), clamd with
# a local test signature, an OpenID Connect provider (oidc-provider), and the app itself for the
# browser tests.
# Sourced by .ci/test.sh; everything listens on 127.0.0.1 and is stopped on exit.

WORK=${WORK:-$PWD/.ci-work}
PIDS=()

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        echo "need root for: $*" >&2; return 1; fi
}

apt_install() {
    if [ -z "${APT_UPDATED:-}" ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

pg_bindir() {
    local d
    for d in /usr/lib/postgresql/*/bin; do
        [ -x "$d/initdb" ] && { echo "$d"; return 0; }
    done
    command -v initdb >/dev/null && dirname "$(command -v initdb)"
}

ensure_packages() {
    # webauthn-rs (passkeys) links the system's OpenSSL.
    { command -v pkg-config >/dev/null && pkg-config --exists openssl; } || apt_install pkg-config libssl-dev
    [ -x /usr/bin/chromium ] || apt_install chromium
    [ -n "$(pg_bindir)" ] || apt_install postgresql
    # The load balancer of the scale-out test (two gateways behind it).
    [ -x /usr/sbin/nginx ] || apt_install nginx-light
    command -v pdftoppm >/dev/null || apt_install poppler-utils
    { command -v clamd >/dev/null || [ -x /usr/sbin/clamd ]; } && command -v sigtool >/dev/null ||
        apt_install clamav clamav-daemon
    python3 -m venv --help >/dev/null 2>&1 || apt_install python3-venv
    if [ ! -x "$WORK/venv/bin/python" ] || ! "$WORK/venv/bin/python" -c 'import aiosmtpd, moto, yaml, scim2_tester, httpx2' 2>/dev/null; then
        python3 -m venv "$WORK/venv"
        "$WORK/venv/bin/pip" install -q -r infra/dev/requirements-test.txt
    fi
    # The SCIM compliance suite (tests/tests/scim.rs) runs tests/scim/compliance.py with it.
    export POORTWACHTER_TEST_PYTHON="$WORK/venv/bin/python"
    command -v cargo-nextest >/dev/null || cargo install --locked cargo-nextest
}

start_postgres() {
    local bin port dir run
    bin=$(pg_bindir)
    port=$(free_port)
    dir=$(mktemp -d /tmp/pw-pg.XXXXXX)
    run=(bash -c)
    if [ "$(id -u)" = 0 ]; then
        chown postgres "$dir"
        run=(su postgres -s /bin/bash -c)
    fi
    "${run[@]}" "'$bin/initdb' -D '$dir/data' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >'$dir/initdb.log' 2>&1"
    "${run[@]}" "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -t 60 -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off\" start >/dev/null"
    PG_DIR=$dir
    PG_RUN=("${run[@]}")
    PG_BIN=$bin
    export POORTWACHTER_TEST_PG="postgres://postgres@127.0.0.1:$port/postgres"
    echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

stop_postgres() {
    if [ -n "${PG_DIR:-}" ]; then
        "${PG_RUN[@]}" "'$PG_BIN/pg_ctl' -D '$PG_DIR/data' -m immediate stop >/dev/null 2>&1" || true
        rm -rf "$PG_DIR"
        PG_DIR=
    fi
}

start_smtp() {
    local port
    port=$(free_port)
    export POORTWACHTER_TEST_SMTP="127.0.0.1:$port"
    export POORTWACHTER_TEST_SMTP_DIR="$WORK/smtp"
    rm -rf "$POORTWACHTER_TEST_SMTP_DIR"
    "$WORK/venv/bin/python" infra/dev/smtp_sink.py "$port" "$POORTWACHTER_TEST_SMTP_DIR" >"$WORK/smtp.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 50); do
        grep -q "smtp sink on" "$WORK/smtp.log" 2>/dev/null && break
        sleep 0.2
    done
    echo "SMTP sink on $POORTWACHTER_TEST_SMTP"
}

# moto's S3 server with the bucket the tests use; sets POORTWACHTER_TEST_S3.
start_s3() {
    local port
    port=$(free_port)
    "$WORK/venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"$WORK/s3.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 100); do
        curl -fs -X PUT "http://127.0.0.1:$port/poortwachter-test" >/dev/null 2>&1 && break
        sleep 0.2
    done
    export POORTWACHTER_TEST_S3="http://127.0.0.1:$port"
    echo "S3 (moto) on $POORTWACHTER_TEST_S3"
}

# clamd with one signature, the EICAR test file's (no signatures can be downloaded here); sets
# POORTWACHTER_TEST_CLAMD.
start_clamd() {
    local port dir clamd
    port=$(free_port)
    dir="$WORK/clamd"
    rm -rf "$dir"
    mkdir -p "$dir/db"
    clamd=$(command -v clamd || echo /usr/sbin/clamd)
    printf '%s' 'X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*' >"$dir/eicar.com"
    (cd "$dir" && sigtool --md5 eicar.com >db/test.hdb)
    cat >"$dir/clamd.conf" <<EOF
Foreground yes
TCPSocket $port
TCPAddr 127.0.0.1
DatabaseDirectory $dir/db
LogFile $dir/clamd.log
StreamMaxLength 100M
MaxFileSize 100M
MaxScanSize 100M
EOF
    "$clamd" -c "$dir/clamd.conf" >"$WORK/clamd.out" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 150); do
        python3 - "$port" >/dev/null 2>&1 <<'PY' && break
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1)
s.sendall(b"zPING\0")
assert s.recv(16).startswith(b"PONG")
PY
        sleep 0.2
    done
    export POORTWACHTER_TEST_CLAMD="127.0.0.1:$port"
    echo "clamd on $POORTWACHTER_TEST_CLAMD"
}

# A real OpenID Connect provider (oidc-provider, tests/oidc) with the test accounts and the
# misbehaviour modes of tests/oidc/README.md; sets POORTWACHTER_TEST_OIDC (its issuer).
start_oidc() {
    local port dir=tests/oidc
    if [ ! -f "$dir/node_modules/.package-lock.json" ] ||
        [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    fi
    port=$(free_port)
    OIDC_PORT=$port node "$dir/provider.mjs" >"$WORK/oidc.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 100); do
        curl -fs "http://127.0.0.1:$port/.well-known/openid-configuration" >/dev/null 2>&1 && break
        sleep 0.2
    done
    if ! curl -fs "http://127.0.0.1:$port/.well-known/openid-configuration" >/dev/null 2>&1; then
        echo "OpenID Connect provider did not start:" >&2
        cat "$WORK/oidc.log" >&2
        return 1
    fi
    export POORTWACHTER_TEST_OIDC="http://127.0.0.1:$port"
    echo "OpenID Connect provider (oidc-provider) on $POORTWACHTER_TEST_OIDC"
}

# Starts `poortwachter serve --demo` on a fresh SQLite database; sets BASE_URL.
start_demo_server() {
    local port dir
    port=$(free_port)
    dir="$WORK/demo-server"
    rm -rf "$dir"
    mkdir -p "$dir"
    POORTWACHTER_DATA_DIR="$dir" \
    POORTWACHTER_DATABASE_URL="sqlite://$dir/poortwachter.db?mode=rwc" \
    POORTWACHTER_WEB_DIR="$PWD/web/dist" \
    POORTWACHTER_LOGIN_ATTEMPTS_PER_MINUTE=1000 \
    POORTWACHTER_PUBLIC_URL="http://127.0.0.1:$port" \
        "${CARGO_TARGET_DIR:-target}/debug/poortwachter" serve --demo --listen "127.0.0.1:$port" >"$WORK/demo-server.log" 2>&1 &
    PIDS+=($!)
    export BASE_URL="http://127.0.0.1:$port"
    export OUTBOX_DIR="$dir/outbox"
    for _ in $(seq 120); do
        curl -fs "$BASE_URL/readyz" >/dev/null 2>&1 && { echo "demo server on $BASE_URL"; return 0; }
        sleep 0.5
    done
    echo "demo server did not become ready:" >&2
    cat "$WORK/demo-server.log" >&2
    return 1
}

stop_services() {
    local pid
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    PIDS=()
    stop_postgres
}
