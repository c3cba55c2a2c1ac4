#!/bin/sh
# Renders the HTML reports (plan and validate) of both seed targets with headless Chromium to
# PNG, and checks that every page has its inline SVG pictures, no script, no external resource,
# and is not blank. Needs Debian's `chromium` (apt-get install -y chromium) and python3.
# Usage: scripts/browser_check.sh [OUTDIR]   (default: target/browser-check)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/target/browser-check}
mkdir -p "$out"
bin=${REGIOCHEM:-$root/target/release/regiochem}
[ -x "$bin" ] || cargo build --release --manifest-path "$root/Cargo.toml" -p regiochem-cli
chrome() {
    profile=$(mktemp -d)
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" "$@" 2>/dev/null
    rm -rf "$profile"
}
n=0
for target in 'O=[N+]([O-])c1ccc(CN2CCCNCC2)cc1' 'Fc1ccc(CN2CCCNCC2)c(F)c1'; do
    n=$((n + 1))
    "$bin" plan "$target" --format html > "$out/plan-$n.html"
    "$bin" plan "$target" --format route > "$out/route-$n.txt"
    "$bin" validate "$out/route-$n.txt" --format html > "$out/validate-$n.html" || true
    for page in plan-$n validate-$n; do
        chrome --screenshot="$out/$page.png" --window-size=1200,2400 "file://$out/$page.html" >/dev/null
        chrome --dump-dom "file://$out/$page.html" > "$out/$page.dom.html"
        python3 "$root/scripts/check_page.py" "$out/$page.html" "$out/$page.dom.html" "$out/$page.png"
    done
done
echo "browser check passed: $out"
