# Shared by scripts/run, scripts/build and scripts/test. Every install step a fresh machine
# needs lives here, so that a clean clone works with no step done by hand.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Debug builds erase component types: much faster compiles, identical behaviour.
# Every cargo call of the scripts uses these same flags so that builds share one cache.
export DEV_RUSTFLAGS="--cfg erase_components"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

# The wasm-bindgen CLI must match the crate version pinned in Cargo.toml exactly.
WASM_BINDGEN_VERSION="$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"$/\1/p' Cargo.toml)"
SITE_ROOT="$ROOT/target/site"

# The workspace's crates by where they run. Server-side crates are checked and tested together
# (one build with `ssr`); the browser entries separately for wasm32 (their features must never
# be unified with the server's). A new system crate joins SERVER_CRATES.
SERVER_CRATES="-p openasp-server -p openasp-app -p openasp-migrations -p openasp-core -p openasp-ui -p openasp-gazetteer -p openasp-framework -p openasp-citizen -p openasp-records -p openasp-website -p openasp-eforms-domain -p openasp-eforms"
BROWSER_CRATES="-p openasp-frontend -p openasp-citizen-frontend"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Runs a named stage and records how long it took (printed by print_timings).
STAGE_TIMES=()
CURRENT_STAGE=""
STAGE_STARTED=$SECONDS
stage() {
    CURRENT_STAGE="$1"; shift
    STAGE_STARTED=$SECONDS
    log "$CURRENT_STAGE"
    "$@"
    STAGE_TIMES+=("$(printf '%-30s %5ds' "$CURRENT_STAGE" $((SECONDS - STAGE_STARTED)))")
    CURRENT_STAGE=""
}
# Installed as an EXIT trap: prints every stage's time, and which stage failed.
print_timings() {
    local status=$?
    log "stage timings"
    printf '  %s\n' "${STAGE_TIMES[@]}" >&2
    if [ -n "$CURRENT_STAGE" ]; then
        printf '  %-30s %5ds  FAILED\n' "$CURRENT_STAGE" $((SECONDS - STAGE_STARTED)) >&2
    fi
    printf '  %-30s %5ds\n' "total" "$SECONDS" >&2
    return $status
}

apt_install() {
    if [ "$(id -u)" -ne 0 ]; then
        echo "need root to apt-get install $*" >&2
        return 1
    fi
    if [ ! -f /tmp/.openasp-apt-updated ]; then
        apt-get update -qq && touch /tmp/.openasp-apt-updated
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_wasm_target() {
    if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        rustup target add wasm32-unknown-unknown
    fi
}

ensure_wasm_bindgen() {
    if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
        log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes, once)"
        cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --quiet
    fi
}

ensure_node_modules() {
    if ! command -v npm >/dev/null; then
        apt_install nodejs npm
    fi
    if [ ! -d end2end/node_modules ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
        (cd end2end && npm ci --no-audit --no-fund --loglevel=error)
    fi
}

ensure_chromium() {
    if ! command -v chromium >/dev/null; then
        log "installing Debian's chromium for the browser tests"
        apt_install chromium
    fi
}

# PostgreSQL at 127.0.0.1:5432 with trust auth for `postgres`; started or installed if missing.
PG_ADMIN_URL="${OPENASP_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
pg_answers() { psql "$PG_ADMIN_URL" -Atqc 'select 1' >/dev/null 2>&1; }
ensure_postgres() {
    pg_answers && return 0
    if ! command -v pg_ctlcluster >/dev/null || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
        log "installing PostgreSQL"
        apt_install postgresql postgresql-client
    fi
    local version
    version="$(ls /etc/postgresql | sort -V | tail -n1)"
    local hba="/etc/postgresql/$version/main/pg_hba.conf"
    if ! grep -q 'openasp-test-trust' "$hba"; then
        # Local test machines only: trust loopback connections, as the CI machines do.
        sed -i '1i host all all 127.0.0.1/32 trust # openasp-test-trust\nhost all all ::1/128 trust # openasp-test-trust' "$hba"
    fi
    pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null \
        || pg_ctlcluster --skip-systemctl-redirect "$version" main reload
    for _ in $(seq 1 30); do pg_answers && return 0; sleep 1; done
    echo "PostgreSQL does not answer at $PG_ADMIN_URL" >&2
    return 1
}

# Builds the server and the browser bundle into target/ (dev profile unless --release).
build_site() {
    local profile="${1:-dev}"
    mkdir -p "$SITE_ROOT/pkg"
    if [ "$profile" = release ]; then
        cargo build -p openasp-frontend --lib --target wasm32-unknown-unknown --profile wasm-release
        cargo build -p openasp-citizen-frontend --lib --target wasm32-unknown-unknown --profile wasm-release
        wasm-bindgen --target web --no-typescript --out-dir "$SITE_ROOT/pkg" --out-name openasp \
            target/wasm32-unknown-unknown/wasm-release/openasp_frontend.wasm
        wasm-bindgen --target web --no-typescript --out-dir "$SITE_ROOT/pkg" --out-name citizen \
            target/wasm32-unknown-unknown/wasm-release/openasp_citizen_frontend.wasm
        local wasm_opt="$ROOT/end2end/node_modules/.bin/wasm-opt"
        if [ -x "$wasm_opt" ]; then
            for bundle in openasp citizen; do
                "$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
                    -o "$SITE_ROOT/pkg/${bundle}_bg.wasm" "$SITE_ROOT/pkg/${bundle}_bg.wasm"
            done
        fi
        cargo build -p openasp-server --release
    else
        RUSTFLAGS="$DEV_RUSTFLAGS" cargo build -p openasp-frontend -p openasp-citizen-frontend --lib \
            --target wasm32-unknown-unknown
        wasm-bindgen --target web --no-typescript --debug --out-dir "$SITE_ROOT/pkg" --out-name openasp \
            target/wasm32-unknown-unknown/debug/openasp_frontend.wasm
        wasm-bindgen --target web --no-typescript --debug --out-dir "$SITE_ROOT/pkg" --out-name citizen \
            target/wasm32-unknown-unknown/debug/openasp_citizen_frontend.wasm
        RUSTFLAGS="$DEV_RUSTFLAGS" cargo build -p openasp-server
    fi
    cp style/openasp.css style/website.css style/eforms.css "$SITE_ROOT/pkg/"
    # Precompressed copies: the server sends them to browsers that accept gzip.
    for f in "$SITE_ROOT"/pkg/*.{js,wasm,css}; do
        gzip -kf -9 "$f"
    done
}

# The local OpenID provider (panva/oidc-provider) for citizens' sign-in in development,
# demos and tests (scripts/oidc-provider/).
ensure_oidc_provider() {
    if ! command -v npm >/dev/null; then
        apt_install nodejs npm
    fi
    local dir=scripts/oidc-provider
    if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    fi
}
