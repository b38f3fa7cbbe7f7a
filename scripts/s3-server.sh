#!/usr/bin/env bash
# Starts a local S3-compatible server (moto, a Python package) for the media store's tests, with an empty bucket, and
# prints its process id; the caller stops it. Installed once into a virtual environment outside the clone:
#   KONTOR_TOOLS_DIR   where moto is installed (default ~/.cache/kontor-tools)
# Usage: scripts/s3-server.sh PORT BUCKET
set -euo pipefail

MOTO_VERSION=5.1.22
port="${1:?port}"
bucket="${2:?bucket}"
venv="${KONTOR_TOOLS_DIR:-$HOME/.cache/kontor-tools}/moto-$MOTO_VERSION"
log="$(cd "$(dirname "$0")/.." && pwd)/target/s3-server.log"

# The marker is written last, so an interrupted install is redone rather than taken for a finished one.
if [ ! -f "$venv/.installed" ]; then
    printf '\033[1m==> installing moto %s into %s (once)\033[0m\n' "$MOTO_VERSION" "$venv" >&2
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION" >&2
    touch "$venv/.installed"
fi

if curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/" 2>/dev/null; then
    echo "s3-server: something already answers on port $port; set KONTOR_TEST_S3_PORT" >&2
    exit 1
fi
mkdir -p "$(dirname "$log")"
"$venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
server=$!
for _ in $(seq 60); do
    curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/" 2>/dev/null && break
    kill -0 "$server" 2>/dev/null || { echo "s3-server: moto exited:" >&2; cat "$log" >&2; exit 1; }
    sleep 0.5
done
# moto takes an unsigned request to make a bucket.
curl -fsS -o /dev/null -X PUT "http://127.0.0.1:$port/$bucket"
echo "$server"
