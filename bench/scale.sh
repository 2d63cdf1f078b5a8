#!/usr/bin/env bash
# How costs grow with the work: peapod beside podman, whole commands, in one run (issue 19).
#  - pods of N containers (N = 1 10 50 100, plus the infra): each `create --pod`, `pod start`, `ps` while the pod
#    runs, `pod stop -t 0`, `pod rm -f`;
#  - stores of P pods (P = 10 100 1000, without infra): `pod ps`, and of C containers (C = 10 100 1000): `ps -a`.
# peapod runs as users run it: the native client and its warm engine process per store. podman works in temporary
# stores (--root/--runroot) with busybox loaded from the machine's image. Engines alternate step by step; each
# listing is timed `runs` times (median). Writes bench/results/scale.md: the times, the cost per item (time / N)
# and the slope of a least-squares line through the times (ms per added container or pod).
#
# Usage: bench/scale.sh [--quick] [runs]     (--quick: N = 1 10, P and C = 10 100; runs default 5)
#        SCALE_SIZES="50 100" SCALE_STORES="" bench/scale.sh   (choose the pod and store sizes; "" skips a part)
# The table is rewritten after every size, so a run cut short still leaves what it measured.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=false; runs=5
for a in "$@"; do case "$a" in --quick) quick=true ;; *) runs=$a ;; esac; done
if $quick; then sizes="1 10"; stores="10 100"; else sizes="1 10 50 100"; stores="10 100 1000"; fi
sizes=${SCALE_SIZES-$sizes}; stores=${SCALE_STORES-$stores}   # e.g. SCALE_SIZES="" for the stores alone
out=${SCALE_OUT:-bench/results/scale.md}
tmp=$(mktemp -d /tmp/peapod-scale.XXXXXX)
. bench/lib.sh
export JAVA_HOME="${PEAPOD_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
./peapod --version >/dev/null
client=peapod-cli/target/peapod-client
pp() { local s=$1; shift; "$client" --root "$tmp/pp-$s/root" --runroot "$tmp/pp-$s/run" "$@"; }
pm() { local s=$1; shift; podman --root "$tmp/pm-$s/root" --runroot "$tmp/pm-$s/run" "$@"; }
bench_podman_netavark "$tmp"
cleanup() {
  set +e
  for s in life pods ctrs; do
    [ -d "$tmp/pp-$s" ] && { pp $s pod rm -a -f -t 0; pp $s rm -a -f -t 0; } >/dev/null 2>&1
    [ -d "$tmp/pm-$s" ] && { pm $s pod rm -a -f -t 0; pm $s rm -a -f -t 0; } >/dev/null 2>&1
  done
  bench_remove_tree "$tmp"
}
trap cleanup EXIT

for s in life pods ctrs; do
  pp $s run --rm busybox true || echo "scale: warm-up run failed in $s" >&2
  pp $s pod create --name warm >/dev/null && pp $s pod rm -f warm >/dev/null || echo "scale: warm-up failed in $s" >&2
done
bench_busybox_archive "$tmp/busybox.tar" "$client --root $tmp/pp-life/root --runroot $tmp/pp-life/run"
for s in life pods ctrs; do bench_podman_store "$tmp/busybox.tar" "podman --root $tmp/pm-$s/root --runroot $tmp/pm-$s/run"; done
set +e   # from here a failed command is reported (scale: failed) and the run goes on

ms() { # command...: runs it (output dropped), prints its wall time in ms
  local s; s=$(date +%s%N); "$@" >/dev/null 2>&1 || echo "scale: failed: $*" >&2
  echo $(( ($(date +%s%N) - s) / 1000000 ))
}
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
report() { # writes the table of what was measured so far
{
  echo "# How costs grow: peapod beside podman (bench/scale.sh)"
  echo
  echo "$(date -u '+%F %H:%M') UTC, $(nproc) cores, load average $load_before at the start and" \
       "$(cut -d' ' -f1-3 /proc/loadavg) at the end (a machine shared with other builds: compare the engines" \
       "within this run, not with other runs). peapod: the native client with its warm engine process; podman:" \
       "$(podman --version | cut -d' ' -f3). Listings: median of $runs runs; the other steps: one run each."
  echo
  python3 - "$tmp/rows" <<'EOPY'
import sys, collections
rows = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    step, eng, n, ms = line.split()
    rows[step].setdefault(eng, {})[int(n)] = float(ms)
titles = {
    "create-each": ("`create --pod` into a pod of N (ms per create)", "N"),
    "pod-start": ("`pod start` of N + infra (ms)", "N"),
    "ps-running": ("`ps` while the pod of N + infra runs (ms)", "N"),
    "pod-ps-running": ("`pod ps` while the pod of N + infra runs (ms)", "N"),
    "pod-stop": ("`pod stop -t 0` of N + infra (ms)", "N"),
    "pod-rm": ("`pod rm -f` of N + infra, stopped (ms)", "N"),
    "pod-ps-store": ("`pod ps` over a store of P pods without infra (ms)", "P"),
    "ps-a-store": ("`ps -a` over a store of C created containers (ms)", "C"),
}
def slope(pts):
    xs = sorted(pts)
    if len(xs) < 2:
        return float("nan")
    mx = sum(xs) / len(xs); my = sum(pts[x] for x in xs) / len(xs)
    return sum((x - mx) * (pts[x] - my) for x in xs) / sum((x - mx) ** 2 for x in xs)
for step, (title, var) in titles.items():
    if step not in rows:
        continue
    pp, pm = rows[step].get("pp", {}), rows[step].get("pm", {})
    print(f"## {title}\n")
    per = step != "create-each"
    print(f"| {var} | peapod | podman | peapod/podman |" + (" peapod per item | podman per item |" if per else ""))
    print("|---:|---:|---:|---:|" + ("---:|---:|" if per else ""))
    for n in sorted(pp):
        a, b = pp[n], pm.get(n)
        ratio = f"{a / b:.2f}" if b else ""
        extra = f" {a / n:.1f} | {b / n:.1f} |" if per and b else ""
        print(f"| {n} | {a:.0f} | {b:.0f} | {ratio} |{extra}")
    print(f"\nSlope (least squares over {var}): peapod {slope(pp):.2f} ms, podman {slope(pm):.2f} ms per added item.\n")
EOPY
} > "$out"
}
rec() { echo "$1 $2 $3 $4" >> "$tmp/rows"; } # step engine n ms
: > "$tmp/rows"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# --- pods of N containers (+ infra), peapod and podman alternating step by step
for n in $sizes; do
  for e in pp pm; do $e life pod create --name sp$n >/dev/null; done
  for e in pp pm; do
    img=busybox; [ $e = pm ] && img=localhost/busybox
    s=$(date +%s%N)
    for i in $(seq 1 $n); do $e life create --pod sp$n $img sleep 600 >/dev/null || echo "scale: failed: create" >&2; done
    rec create-each $e $n $(( ($(date +%s%N) - s) / 1000000 / n ))
  done
  for e in pp pm; do rec pod-start $e $n "$(ms $e life pod start sp$n)"; done
  vpp=""; vpm=""
  for _ in $(seq 1 "$runs"); do vpp="$vpp $(ms pp life ps)"; vpm="$vpm $(ms pm life ps)"; done
  rec ps-running pp $n "$(echo $vpp | median)"; rec ps-running pm $n "$(echo $vpm | median)"
  vpp=""; vpm=""
  for _ in $(seq 1 "$runs"); do vpp="$vpp $(ms pp life pod ps)"; vpm="$vpm $(ms pm life pod ps)"; done
  rec pod-ps-running pp $n "$(echo $vpp | median)"; rec pod-ps-running pm $n "$(echo $vpm | median)"
  for e in pp pm; do rec pod-stop $e $n "$(ms $e life pod stop -t 0 sp$n)"; done
  for e in pp pm; do rec pod-rm $e $n "$(ms $e life pod rm -f sp$n)"; done
  report
done

# --- stores of P pods (no infra) and of C containers: listings
have=0
for p in $stores; do
  seq $have $((p - 1)) | xargs -P 4 -I{} "$client" --root "$tmp/pp-pods/root" --runroot "$tmp/pp-pods/run" \
    pod create --infra=false --name bp{} >/dev/null
  seq $have $((p - 1)) | xargs -P 4 -I{} podman --root "$tmp/pm-pods/root" --runroot "$tmp/pm-pods/run" \
    pod create --infra=false --name bp{} >/dev/null
  vpp=""; vpm=""
  for _ in $(seq 1 "$runs"); do vpp="$vpp $(ms pp pods pod ps)"; vpm="$vpm $(ms pm pods pod ps)"; done
  rec pod-ps-store pp $p "$(echo $vpp | median)"; rec pod-ps-store pm $p "$(echo $vpm | median)"
  have=$p
  report
done
pm pods pod rm -a -f >/dev/null 2>&1 || true   # podman's locks are shared by all its stores: free them first
have=0
for c in $stores; do
  seq $have $((c - 1)) | xargs -P 4 -I{} "$client" --root "$tmp/pp-ctrs/root" --runroot "$tmp/pp-ctrs/run" \
    create --name bc{} busybox sleep 600 >/dev/null
  seq $have $((c - 1)) | xargs -P 4 -I{} podman --root "$tmp/pm-ctrs/root" --runroot "$tmp/pm-ctrs/run" \
    create --name bc{} localhost/busybox sleep 600 >/dev/null
  vpp=""; vpm=""
  for _ in $(seq 1 "$runs"); do vpp="$vpp $(ms pp ctrs ps -a)"; vpm="$vpm $(ms pm ctrs ps -a)"; done
  rec ps-a-store pp $c "$(echo $vpp | median)"; rec ps-a-store pm $c "$(echo $vpm | median)"
  have=$c
  report
done

report
cat "$out"
