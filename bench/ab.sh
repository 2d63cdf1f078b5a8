#!/usr/bin/env bash
# Before/after of one change, with podman beside: the rows of issue 12 that a change to the engine's child
# processes or to the client's cold path moves. Each row runs its sides alternating, one timed run at a time
# (hyperfine -r 1, so every side sees the same load), and reports medians. Run as root after scripts/setup-host.
#
# Usage: bench/ab.sh BEFORE_DIR [runs] [sizes]
#   BEFORE_DIR  another peapod checkout, built (its ./peapod has run once): the "before" side
#   runs        timed runs per side and row (default 5)
#   sizes       pod sizes, infra included, for the lifecycle, pod start and pod stop rows (default "1 5 20")
# Writes bench/results/ab-latest.md. Sides: after (this checkout's client and warm engine), before (BEFORE_DIR's),
# podman (a temporary store). The cold rows: a store whose engine is not running (its socket removed before each
# run, after any engine start under way ended) against the direct JVM (PEAPOD_SERVER=0) and the warm engine.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { sed -n '5,9p' "$0"; exit 2; }
before=$(cd "$1" && pwd)
runs=${2:-5}
sizes=${3:-"1 5 20"}
out=bench/results/ab-latest.md
tmp=$(mktemp -d /tmp/peapod-ab.XXXXXX)
. bench/lib.sh
./peapod --version >/dev/null
"$before/peapod" --version >/dev/null
declare -A client=([after]="$PWD/peapod-cli/target/peapod-client" [before]="$before/peapod-cli/target/peapod-client")
side() { # side: its command line on its store
  case $1 in
    podman) echo "podman --root $tmp/podman/root --runroot $tmp/podman/run" ;;
    *) echo "${client[$1]} --root $tmp/$1/root --runroot $tmp/$1/run" ;;
  esac
}
have_podman=false
command -v podman >/dev/null && have_podman=true
sides="after before"
$have_podman && sides="$sides podman"
cleanup() {
  set +e
  for s in $sides; do $(side $s) pod rm -a -f -t 0 >/dev/null 2>&1; $(side $s) rm -a -f -t 0 >/dev/null 2>&1; done
  for s in after before cold-after cold-before; do rm -f "$tmp/$s/run/engine/engine.sock"; done
  sleep 1
  bench_remove_tree "$tmp"
}
trap cleanup EXIT
for s in after before; do
  $(side $s) run --rm busybox true >/dev/null
  $(side $s) pod create --name warm >/dev/null && $(side $s) pod rm -f warm >/dev/null
done
if $have_podman; then
  bench_podman_netavark "$tmp"
  bench_busybox_archive "$tmp/busybox.tar" "$(side after)"
  bench_podman_store "$tmp/busybox.tar" "$(side podman)"
fi

mkdir -p "$tmp/times"
: > "$tmp/rows"
timed() { # file prepare command: appends one timed run (ms)
  hyperfine -N --style none -w 0 -r 1 ${2:+--prepare "$2"} --export-json "$tmp/one.json" "$3" >/dev/null 2>&1 || {
    echo "bench: failed: $3" >&2; return 0; }
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["times"][0]*1000)' "$tmp/one.json" \
    >> "$1"
}
row() { # label prepare-template command-template side...: {E} in the templates is the side's command line
  local label=$1 prep=$2 cmd=$3 key s
  shift 3
  key=$(printf '%s' "$label" | md5sum | cut -c1-12)
  for _ in $(seq 1 "$runs"); do
    for s in "$@"; do
      timed "$tmp/times/$key.$s" "${prep//\{E\}/$(side "$s")}" "${cmd//\{E\}/$(side "$s")}"
    done
  done
  printf '%s\t%s\t%s\n' "$label" "$key" "$*" >> "$tmp/rows"
}

# pod lifecycles, and pod start / pod stop -t 0 of a pod alone, each timed run after the opposite command
for n in $sizes; do
  script="$tmp/life$n.sh"
  bench_lifecycle_script "$script" "$n"
  row "pod lifecycle, $n containers incl. infra (create, start, stop -t 0, rm -f)" "" "bash $script '{E}'" $sides
done
for n in $sizes; do
  [ "$n" -gt 1 ] || continue
  for s in $sides; do
    $(side $s) pod create --name bs$n >/dev/null
    for i in $(seq 1 $((n - 1))); do $(side $s) create --pod bs$n localhost/busybox sleep 600 >/dev/null; done
  done
  row "pod start, a pod of $n" "bash -c '{E} pod stop -t 0 bs$n >/dev/null 2>&1; true'" "{E} pod start bs$n" $sides
  row "pod stop -t 0, a pod of $n" "bash -c '{E} pod start bs$n >/dev/null 2>&1; true'" "{E} pod stop -t 0 bs$n" \
    $sides
  for s in $sides; do $(side $s) pod rm -f -t 0 bs$n >/dev/null; done
done

# the cold first command: pod ps of an empty store whose engine is not running; every run (of every side) waits
# first for any engine start under way (the cold client starts the engine after its command), so none overlaps
# a timed run
settle="flock $tmp/after/run/engine/start.lock true; flock $tmp/before/run/engine/start.lock true"
client[cold-after]=${client[after]}
client[cold-before]=${client[before]}
client[direct]="env PEAPOD_SERVER=0 ${client[after]}"
mkdir -p "$tmp/cold-after" "$tmp/cold-before" "$tmp/direct"
for s in cold-after cold-before direct; do cp -a "$tmp/after/root" "$tmp/$s/root"; done
settle="$settle; flock $tmp/cold-after/run/engine/start.lock true; flock $tmp/cold-before/run/engine/start.lock true"
mkdir -p "$tmp/cold-after/run/engine" "$tmp/cold-before/run/engine" "$tmp/after/run/engine" "$tmp/before/run/engine"
prep="bash -c '$settle; rm -f $tmp/cold-after/run/engine/engine.sock $tmp/cold-before/run/engine/engine.sock; sleep 0.5'"
row "pod ps, 0 pods: cold (engine not running) / direct JVM / warm engine" "$prep" "{E} pod ps" \
  cold-after cold-before direct after $($have_podman && echo podman)

{
  echo "# Before/after, with podman beside (bench/ab.sh)"
  echo
  echo "$(date -u '+%F %H:%M') UTC, $(nproc) cores, load at the end $(cut -d' ' -f1-3 /proc/loadavg), $runs timed runs" \
       "per side and row, sides alternating run by run. after: $(git rev-parse --short HEAD); before: $(git -C "$before" \
       rev-parse --short HEAD 2>/dev/null || echo "$before"). podman: $($have_podman && podman --version || echo none)."
  echo
  python3 - "$tmp/rows" "$tmp/times" <<'EOPY'
import statistics, sys, os
rows, times = sys.argv[1], sys.argv[2]
def med(key):
    p = os.path.join(times, key)
    v = [float(x) for x in open(p) if x.strip()] if os.path.exists(p) else []
    return statistics.median(v) if v else None
print("| Row | side | median [ms] | runs [ms] | / podman | / before |")
print("|:---|:---|---:|:---|---:|---:|")
for line in open(rows):
    label, key, sides = line.rstrip("\n").split("\t")
    sides = sides.split()
    pm = med(key + ".podman") if "podman" in sides else None
    bf = med(key + ".before") or med(key + ".cold-before")
    for s in sides:
        m = med(key + "." + s)
        p = os.path.join(times, key + "." + s)
        runs = " ".join(f"{float(x):.0f}" for x in open(p)) if os.path.exists(p) else ""
        r1 = f"{m / pm:.2f}" if m and pm and s != "podman" else ""
        r2 = f"{m / bf:.2f}" if m and bf and s == ("cold-after" if "cold-before" in sides else "after") else ""
        print(f"| {label} | {s} | {'failed' if m is None else f'{m:.0f}'} | {runs} | {r1} | {r2} |")
EOPY
} > "$out"
cat "$out"
