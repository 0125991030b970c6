#!/usr/bin/env bash
# Takes a screenshot of the dashboard with headless Chromium, on a database
# filled with an hour of demo data (the ignored test `demo_for_the_screenshot`),
# into images/dasbor.png.
#
#   tools/dasbor/tangkapan-layar.sh [port]
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
port="${1:-8097}"
out="$root/images/dasbor.png"

browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
    echo "Chromium belum terpasang: apt-get update && apt-get install -y chromium" >&2
    exit 1
fi

cd "$root"
cargo test -q -p dasbor --test dasbor --no-run
DASBOR_DEMO_PORT="$port" DASBOR_DEMO_SECONDS=30 \
    cargo test -q -p dasbor --test dasbor -- --ignored --exact demo_for_the_screenshot --nocapture &
demo=$!
trap 'kill "$demo" 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
    sleep 0.2
done

shoot() { # size file
    local profile
    profile="$(mktemp -d)"
    timeout 60 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --virtual-time-budget=5000 --hide-scrollbars \
        --screenshot="$2" --window-size="$1" "http://127.0.0.1:$port/" >/dev/null 2>&1 ||
        echo "Chromium gagal membuat $2" >&2
    rm -rf "$profile"
}
shoot 1200,900 "$out"

wait "$demo" || true
trap - EXIT
echo "tangkapan layar: $out"
