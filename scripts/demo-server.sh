# Sourced by the scripts that test a release build against the demo shop (schemathesis.sh, lighthouse.sh).
# start_demo_server NAME PORT_VARIABLE: starts "$bin" on "$base" (port "$port") with the demo shop on a fresh SQLite
# file in "$out", logs to "$out/server.log", stops it when the script exits, and returns once it answers. Sets
# `server` to its process id.
start_demo_server() {
    local name="$1" port_variable="$2"
    # Something already answering on the port would be tested in place of this build.
    if curl -fsS -o /dev/null --max-time 2 "$base/healthz" 2>/dev/null; then
        echo "$name: something already answers at $base; set $port_variable"
        exit 1
    fi
    mkdir -p "$out"
    rm -rf "$out"/kontor.db* "$out"/mail
    say "starting $bin on $base"
    KONTOR_DEMO=1 DATABASE_URL="sqlite://$out/kontor.db" \
        KONTOR_DATA_DIR="$out" \
        LEPTOS_SITE_ADDR="127.0.0.1:$port" \
        LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-$root/target/site}" \
        RUST_LOG=warn \
        "$bin" serve >"$out/server.log" 2>&1 &
    server=$!
    trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
    # The first start also migrates and seeds the demo shop, whose buyer and catalog the callers use.
    for _ in $(seq 120); do
        curl -fsS -o /dev/null --max-time 2 "$base/healthz" 2>/dev/null && return 0
        kill -0 "$server" 2>/dev/null || { echo "$name: the server exited:"; cat "$out/server.log"; exit 1; }
        sleep 0.5
    done
    echo "$name: no answer from $base/healthz in 60 s:"
    tail -n 50 "$out/server.log"
    exit 1
}
