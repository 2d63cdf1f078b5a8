#!/usr/bin/env bash
# REST API latency: peapod's `system service` beside podman's `podman system service`, each on a temporary store
# and its own unix socket, measured by bench/api/ApiBench.java (one keep-alive connection, as client libraries
# use), the two engines measured alternately in one run. Writes bench/results/api.md. Run as root after scripts/setup-host (podman is optional).
# Usage: bench/api.sh [requests per listing (default 2000)] [lifecycles (default 50)] [rounds (default 10)]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000}
life=${2:-50}
rounds=${3:-10}
export JAVA_HOME="${PEAPOD_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"
tmp=$(mktemp -d /tmp/peapod-apibench.XXXXXX)
. bench/lib.sh
cg="/peapod-apibench-$$"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  ./peapod --root "$tmp/pp/root" --runroot "$tmp/pp/run" rm -a -f >/dev/null 2>&1 || true
  if command -v podman >/dev/null; then
    podman --root "$tmp/pm/root" --runroot "$tmp/pm/run" rm -a -f >/dev/null 2>&1 || true
    podman --root "$tmp/pm/root" --runroot "$tmp/pm/run" system reset -f >/dev/null 2>&1 || true
  fi
  rmdir "/sys/fs/cgroup$cg" 2>/dev/null || true
  bench_remove_tree "$tmp"   # podman's overlay store stays mounted (it bind-mounts itself) after reset
}
trap cleanup EXIT
./peapod --version >/dev/null
wait_sock() { for _ in $(seq 1 600); do curl -sf --unix-socket "$1" http://d/_ping >/dev/null 2>&1 && return 0; sleep 0.1; done; return 1; }
./peapod --root "$tmp/pp/root" --runroot "$tmp/pp/run" system service --time 0 "unix://$tmp/pp.sock" 2>"$tmp/pp.log" &
pids+=($!)
wait_sock "$tmp/pp.sock"
./peapod --root "$tmp/pp/root" --runroot "$tmp/pp/run" image exists busybox 2>/dev/null || \
  ./peapod --root "$tmp/pp/root" --runroot "$tmp/pp/run" create --name warm busybox true >/dev/null
./peapod --root "$tmp/pp/root" --runroot "$tmp/pp/run" rm -a -f >/dev/null 2>&1 || true
pm=(podman --root "$tmp/pm/root" --runroot "$tmp/pm/run" --cgroup-manager cgroupfs)
engines=("peapod=$tmp/pp.sock")
if command -v podman >/dev/null; then
  # podman's store gets a busybox of the same binary (a root file system tar: busybox and a few applet links)
  mkdir -p "$tmp/bbroot/bin"
  cp /bin/busybox "$tmp/bbroot/bin/"
  for a in sh true sleep echo; do ln -sf busybox "$tmp/bbroot/bin/$a"; done
  tar -C "$tmp/bbroot" -cf "$tmp/bb.tar" .
  "${pm[@]}" import "$tmp/bb.tar" localhost/busybox:latest >/dev/null
  "${pm[@]}" system service --time 0 "unix://$tmp/pm.sock" 2>"$tmp/pm.log" &
  pids+=($!)
  wait_sock "$tmp/pm.sock"
  engines+=("podman=$tmp/pm.sock")
fi
out=bench/results/api.md
{
  echo "# REST API over a unix socket ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg) at the start)"
  echo
  echo "\`bench/api.sh $n $life $rounds\`: one keep-alive connection per engine; empty stores but one running container"
  echo "(the exec target); the engines measured in turn, $rounds rounds, the order reversed every other round, so a"
  echo "change in the machine's load falls on both alike; ms. peapod commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'),"
  echo "podman $(podman --version 2>/dev/null | cut -d' ' -f3 || echo absent)."
  echo
  echo "| request | engine | n | p50 ms | p99 ms | req/s |"
  echo "|---|---|---|---|---|---|"
  "$java" bench/api/ApiBench.java "$n" "$life" "$rounds" "$cg" "${engines[@]}"
  echo
  echo "Processes busiest at the end of the run (top's first lines): "
  echo
  echo '```'
  top -b -n 1 | head -15
  echo '```'
} | tee "$out"
