#!/usr/bin/env bash
# Checks the API against its own contract: starts a release build of `kontor` on a fresh SQLite file and lets
# schemathesis send every operation in /api/v1/openapi.json the document's examples, boundary and invalid values,
# and generated requests. It fails on any server error and on any answer the document does not describe: an
# undocumented status code or content type, or a body or header that breaks the documented schema.
#   KONTOR_BIN                   the server binary (default target/release/kontor; scripts/test.sh builds it)
#   KONTOR_SCHEMATHESIS_PORT     port to serve on (default 3200, beside the browser tests' 3100 and the demo's 3000)
#   KONTOR_SCHEMATHESIS_TOKEN    bearer token sent with every request instead of signing in as the demo buyer
#                                (e.g. an admin secret key, to reach the operations a buyer cannot)
#   KONTOR_SCHEMATHESIS_EXAMPLES generated requests per operation in the fuzzing phase (default 50)
#   KONTOR_SCHEMATHESIS_SEED     seed of the generated requests (default 1, so a run repeats exactly)
#   KONTOR_TOOLS_DIR             where schemathesis is installed, outside the clone (default ~/.cache/kontor-tools)
# The JUnit report, the run's events and the server's log land in target/schemathesis/.
set -euo pipefail

SCHEMATHESIS_VERSION=4.32.5
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${KONTOR_BIN:-$root/target/release/kontor}"
port="${KONTOR_SCHEMATHESIS_PORT:-3200}"
base="http://127.0.0.1:$port"
out="$root/target/schemathesis"
venv="${KONTOR_TOOLS_DIR:-$HOME/.cache/kontor-tools}/schemathesis-$SCHEMATHESIS_VERSION"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

[ -x "$bin" ] || { echo "schemathesis: no server at $bin (cargo leptos build --release --project kontor --split)"; exit 1; }

# The marker is written last, so an interrupted install is redone rather than taken for a finished one.
if [ ! -f "$venv/.installed" ]; then
    say "installing schemathesis $SCHEMATHESIS_VERSION into $venv (once)"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
    touch "$venv/.installed"
fi

rm -f "$out"/junit-*.xml "$out"/events-*.ndjson
# shellcheck source=demo-server.sh
. "$root/scripts/demo-server.sh"
start_demo_server schemathesis KONTOR_SCHEMATHESIS_PORT

# A signed-in buyer reaches the operations a guest cannot (orders), and sees contract prices everywhere else.
token="${KONTOR_SCHEMATHESIS_TOKEN:-}"
if [ -z "$token" ]; then
    token=$(curl -fsS --max-time 10 -H 'Content-Type: application/json' \
        -d '{"email":"buyer@acme.example","password":"kontor-demo"}' "$base/api/v1/sessions" \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])') \
        || { echo "schemathesis: the demo buyer buyer@acme.example could not sign in"; exit 1; }
fi

# Checks: a server error, every way an answer can differ from what the document declares for it, and an operation
# that declares a required token but answers without one (ignored_auth retries such a request without the token and
# with a made-up one, and wants 401 or 403). Left out:
#   negative_data_rejection and positive_data_acceptance judge the server's business rules against the schema's
#     types (a page size of 0 fits the documented minimum of 0 but the API takes 1 to 100; a quantity off the
#     product's step) and report answers the API gives on purpose;
#   missing_required_header, unsupported_method and allow_header_conformance judge how the HTTP framework answers
#     requests outside the document, which the document does not describe;
#   use_after_free, ensure_resource_availability and object_level_authorization belong to the stateful phase, whose
#     chains of real carts and orders do not fit the few minutes this run is meant to take (the server tests prove
#     that another company reaches neither a cart nor an order).
# Phases: the document's examples, then coverage (boundary values, each way a value can be invalid, unknown query
# parameters and body fields, a missing body), then fuzzing, --max-examples requests per operation. The invalid
# requests are why every operation must document each 4xx it can answer: 400 for a query or path the handler
# rejects, and, where a JSON body is read, 400 for malformed JSON, 415 for a missing Content-Type and 422 for a
# body of the wrong shape.
# --generation-database none keeps Hypothesis from replaying an earlier run's failures, so one seed always sends
# the same requests. The run works in target/schemathesis, where Hypothesis and schemathesis keep their caches.
# --url pins the run to this server even if the document one day names a public server.
checks=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
checks="$checks,response_headers_conformance,ignored_auth"
# Two passes: the store API with the buyer's token, and the admin API with a secret key holding every scope but
# keys:manage (so generated requests cannot revoke the key the pass runs with), its budget high enough that the
# run is never throttled.
admin_key=$(DATABASE_URL="sqlite://$out/kontor.db" KONTOR_DATA_DIR="$out" RUST_LOG=error "$bin" api-key create --name schemathesis \
    --scope catalog:read,catalog:write,inventory:read,inventory:write,customers:read,customers:write \
    --scope orders:read,orders:write,webhooks:manage,audit:read,settings:read,settings:write --rate 1000000 \
    2>/dev/null)
cd "$out"
status=0
run_pass() {
    local name=$1 token=$2 filter=$3
    say "schemathesis $SCHEMATHESIS_VERSION: $name"
    PYTHONPATH="$root/scripts" SCHEMATHESIS_HOOKS=schemathesis_hooks \
        "$venv/bin/st" run "$base/api/v1/openapi.json" \
        --url "$base" \
        --header "Authorization: Bearer $token" \
        $filter \
        --checks "$checks" \
        --phases examples,coverage,fuzzing \
        --max-examples "${KONTOR_SCHEMATHESIS_EXAMPLES:-50}" \
        --workers 2 \
        --seed "${KONTOR_SCHEMATHESIS_SEED:-1}" \
        --generation-database none \
        --request-timeout 10 \
        --report junit,ndjson \
        --report-junit-path "$out/junit-$name.xml" \
        --report-ndjson-path "$out/events-$name.ndjson" \
        || status=$?
}
# The store pass leaves out signing out: it would end the run's own session half-way (the router tests cover it).
run_pass store "$token" "--exclude-path-regex ^/api/v1/(admin|sessions/current)"
run_pass admin "$admin_key" "--include-path-regex ^/api/v1/admin"

if [ "$status" != 0 ]; then
    echo "schemathesis: exit $status (1: the API broke its contract, 2: the run itself could not be done)"
    echo "reports: $out/junit-*.xml, $out/events-*.ndjson (every request and answer), $out/server.log"
    if [ -s "$out/server.log" ]; then
        echo "the server's log (last 50 lines):"
        tail -n 50 "$out/server.log"
    fi
fi
exit "$status"
