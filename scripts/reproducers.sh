#!/usr/bin/env bash
# The reproducers of issue 8, each timed with /usr/bin/time (wall seconds, peak RSS in MB) on the
# release binary: every one must end quickly with a clear result, never a panic or a hang.
# Usage: scripts/reproducers.sh   (after `cargo build --release -p regiochem-cli`; needs python3,
# and ../shared/data for the MOSES set)
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${REGIOCHEM:-$root/target/release/regiochem}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
py() { python3 -c "$1"; }
run() {
    local name=$1; shift
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/out" 2> "$work/err"
    local status=$?
    read -r secs kb < <(tail -1 "$work/time")
    local first
    first=$(grep -m1 -o 'panicked\|[a-z_]*::[a-z_]*' "$work/err" "$work/out" 2>/dev/null | head -1 | cut -d: -f2-)
    printf '%-44s exit %3s  %7.2f s  %6.0f MB  %s\n' "$name" "$status" "$secs" "$((kb / 1024))" "$first"
}
py 'print("C" * 70000 + "(")' > "$work/col.smi"
run "error at column 70,000 (check)" "$bin" check "$work/col.smi"
run "plan --time-limit 1e20" "$bin" plan 'C1CNCCN1C(=O)C' --time-limit 1e20
py 'print("C" + "(=C)" * 32769)' > "$work/branches.smi"
run "C with 32,769 (=C) branches" "$bin" check "$work/branches.smi"
py 'print("C(" + "".join("CN" for _ in range(40)) + "CN)")' > "$work/n41.smi"
run "41 basic N, predict --acid 1" "$bin" predict "$(cat "$work/n41.smi")" --with 'CC(=O)Cl' --acid 1
run "check < /dev/zero (10 s cap)" timeout 10 "$bin" check < /dev/zero
py 'print("C" * 50_000_000)' > "$work/long.smi"
run "one 50 MB line (check)" "$bin" check "$work/long.smi"
moses="$root/../shared/data/moses/moses_train_100k.smi"
[ -f "$moses" ] || moses=$(ls "$root"/../shared/data/moses/*.smi* 2>/dev/null | head -1)
if [ -n "$moses" ] && [ -f "$moses" ]; then
    case "$moses" in *.gz) zcat "$moses" ;; *) cat "$moses" ;; esac | head -1000 > "$work/moses.smi"
    run "match C.C.C.C.C.C1CC1 over 1,000 MOSES" "$bin" match 'C.C.C.C.C.C1CC1' "$work/moses.smi"
fi
py 'print("C." * 100000 + "C")' > "$work/dots.smi"
run "canon C. x 100k" "$bin" canon "$work/dots.smi"
py 'print("C1CCC(CC1)" * 16000 + "C")' > "$work/chain.smi"
run "canon 16k cyclohexyl chain" "$bin" canon "$work/chain.smi"
py 'print("[C@@H](F)" * 100000 + "C")' > "$work/stereo.smi"
run "canon [C@@H](F) x 100k" "$bin" canon "$work/stereo.smi"
py 'print("C1CNCCN1.CC(=O)Cl>>CC(=O)N1CCNCC1 " + " ".join("bad%d=x" % i for i in range(2000)))' > "$work/words.route"
run "route: 2,000 bad key=value words" "$bin" validate "$work/words.route"
py 'print("\n".join("# target: C1CNCCN1" for _ in range(16000)))' > "$work/headers.route"
run "route: 16,000 duplicate headers" "$bin" validate "$work/headers.route"
py 'print("\n".join("rule r%d bogus" % i for i in range(16000)))' > "$work/bad.rules"
run "rules: 16,000 bad lines" "$bin" predict 'C1CNCCN1' --with 'CC(=O)Cl' --rules "$work/bad.rules"
py '
agents = ".".join("[%dCH3]%s" % (i, "C" * k) for i in range(1, 101) for k in range(100))
print("C1CNCCNC1.CC(=O)Cl>%s>CC(=O)N1CCCNCC1" % agents)' > "$work/agents.route"
run "validate: 10,000 distinct agents" "$bin" validate "$work/agents.route"
printf 'rule fast\n  class acylate\n  template [NX3;H1:1].Cl[C:2]=[O:3]>>[N:1][C:2]=[O:3]\n  rate 1e308\n' > "$work/rate.rules"
run "rules: rate 1e308" "$bin" predict 'C1CNCCN1' --with 'CC(=O)Cl' --rules "$work/rate.rules"
