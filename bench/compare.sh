#!/usr/bin/env bash
# Whole-command timings, peapod beside podman (and raw runc as the floor), with hyperfine.
# Writes bench/results/latest.md: medians and peapod/podman ratios. Run as root after scripts/setup-host,
# on a quiet machine; podman is optional (apt-get install podman; needs runtime="runc" and
# default_ulimits=[] in containers.conf here). podman works in its own temporary store (--root/--runroot),
# so the machine's podman store is never touched; both engines get the same numbers of objects.
#
# Usage: bench/compare.sh [--quick] [runs]
#   runs     timed runs per command (default 10; --quick: 3), alternating peapod and podman run by run
#   --quick  fewer runs and smaller stores (10/50 pods, 50 containers, lifecycles of 1 and 5): proves the
#            script works in a few minutes; its figures are not the ones to publish
# The pull row starts its own docker-registry on 127.0.0.1 and seeds it with skopeo (both from scripts/setup-host).
set -euo pipefail
cd "$(dirname "$0")/.."
quick=false
runs=""
for a in "$@"; do
  case "$a" in
    --quick) quick=true ;;
    *) runs=$a ;;
  esac
done
if $quick; then runs=${runs:-3}; pods_small=10; pods_big=50; ctrs=50; sizes="1 5"
else runs=${runs:-10}; pods_small=100; pods_big=1000; ctrs=1000; sizes="1 5 20"; fi
out=bench/results/latest.md
tmp=$(mktemp -d /tmp/peapod-bench.XXXXXX)
. bench/lib.sh
export JAVA_HOME="${PEAPOD_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"

# --- build (outside the timings): the CLI through its launcher, the populating main in the bench jar
./peapod --version >/dev/null
(mvn -B -q -o -ntp -pl bench -am package -DskipTests >&2) || (mvn -B -q -ntp -pl bench -am package -DskipTests >&2)
./peapod --version >/dev/null   # the bench build rewrote the CLI jar: let the launcher retrain its AOT cache
jar=peapod-cli/target/peapod.jar
benchjar=bench/target/benchmarks.jar
populate() { "$java" --enable-native-access=ALL-UNNAMED -cp "$benchjar" dev.peapod.bench.Populate "$@"; }

# --- stores: peapod and podman each get one for the pod listings, one for the container listing and one
# for everything else
# peapod runs as users run it: the native client (built by ./peapod), its warm engine process per store started
# by the untimed first run of each row; "direct JVM" rows run the same jar without it (PEAPOD_SERVER=0)
client=peapod-cli/target/peapod-client
pp() { $client --root "$tmp/pp-$1/root" --runroot "$tmp/pp-$1/run" "${@:2}"; }
ppcmd() { echo "$client --root $tmp/pp-$1/root --runroot $tmp/pp-$1/run"; }
engine_rss() { # store: resident memory of its engine process in MB
  local pid; pid=$(sed -n 's/.*serving .* (pid \([0-9]*\),.*/\1/p' "$tmp/pp-$1/run/engine/engine.log" | tail -1)
  awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status" 2>/dev/null || echo "?"
}
have_podman=false
command -v podman >/dev/null && have_podman=true
$have_podman && bench_podman_netavark "$tmp"
pm() { podman --root "$tmp/pm-$1/root" --runroot "$tmp/pm-$1/run" "${@:2}"; }
pmcmd() { echo "podman --root $tmp/pm-$1/root --runroot $tmp/pm-$1/run"; }

cleanup() {
  set +e
  for s in main pods ctrs; do
    [ -d "$tmp/pp-$s" ] && { pp $s pod rm -a -f -t 0; pp $s rm -a -f -t 0; } >/dev/null 2>&1
    if $have_podman && [ -d "$tmp/pm-$s" ]; then
      { pm $s pod rm -a -f -t 0; pm $s rm -a -f -t 0; } >/dev/null 2>&1
    fi
  done
  bench_remove_tree "$tmp"
}
trap cleanup EXIT

for s in main pods ctrs; do
  pp $s run --rm busybox true                                                    # builds busybox and infra
  pp $s pod create --name warm >/dev/null && pp $s pod rm -f warm >/dev/null
done
if $have_podman; then
  bench_busybox_archive "$tmp/busybox.tar" "$(ppcmd main)"
  for s in main pods ctrs; do bench_podman_store "$tmp/busybox.tar" "$(pmcmd $s)"; done
fi

# --- measuring: one hyperfine run at a time, peapod and podman alternating, after one untimed run each
mkdir -p "$tmp/times"
: > "$tmp/rows"
one() { # key command: appends one timed run (ms) to times/key
  hyperfine -N --style none -w 0 -r 1 --export-json "$tmp/one.json" "$2" >/dev/null 2>&1 || {
    echo "bench: failed: $2" >&2; return 0; }
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["times"][0]*1000)' "$tmp/one.json" \
    >> "$tmp/times/$1"
}
measure() { # label peapod-command [podman-command]
  local key; key=$(printf '%s' "$1" | md5sum | cut -c1-12)
  hyperfine -N --style none -w 1 -r 1 "$2" >/dev/null 2>&1 || true
  [ -n "${3:-}" ] && { hyperfine -N --style none -w 1 -r 1 "$3" >/dev/null 2>&1 || true; }
  for _ in $(seq 1 "$runs"); do
    one "$key.pp" "$2"
    [ -n "${3:-}" ] && one "$key.pm" "$3"
  done
  printf '%s\t%s\t%s\n' "$1" "$key" "${3:+podman}" >> "$tmp/rows"
}
prepared() { # label peapod-prepare peapod-command podman-prepare podman-command: each timed run after its prepare
  local key; key=$(printf '%s' "$1" | md5sum | cut -c1-12)
  for _ in $(seq 1 "$runs"); do
    hyperfine -N --style none -w 0 -r 1 --prepare "$2" --export-json "$tmp/one.json" "$3" >/dev/null 2>&1 &&
      python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["times"][0]*1000)' \
        "$tmp/one.json" >> "$tmp/times/$key.pp"
    $have_podman && hyperfine -N --style none -w 0 -r 1 --prepare "$4" --export-json "$tmp/one.json" "$5" \
      >/dev/null 2>&1 && python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["times"][0]*1000)' \
        "$tmp/one.json" >> "$tmp/times/$key.pm"
  done
  printf '%s\t%s\t%s\n' "$1" "$key" "$($have_podman && echo podman)" >> "$tmp/rows"
}
both() { # label peapod-command podman-command (podman's dropped when it is missing)
  if $have_podman; then measure "$1" "$2" "$3"; else measure "$1" "$2"; fi
}

# CLI start-up
PP=$(ppcmd main); PM=$(pmcmd main)
both "--version" "$PP --version" "$PM --version"
both "pod ps, 0 pods" "$(ppcmd pods) pod ps" "$(pmcmd pods) pod ps"
rss_idle=$(engine_rss pods)
measure "--version, direct JVM (PEAPOD_SERVER=0)" "env PEAPOD_SERVER=0 $PP --version"
measure "pod ps, 0 pods, direct JVM (PEAPOD_SERVER=0)" "env PEAPOD_SERVER=0 $(ppcmd pods) pod ps"
# the first command of a store: no engine process yet (the socket removed before each run ends the old one). A cold
# client runs the command on a direct JVM and starts the engine after it: each run first waits for that start
# (the engine holds the start lock until it listens), so the socket it removes is the new engine's
mkdir -p "$tmp/pp-cold/run/engine"
cp -a "$tmp/pp-pods/root" "$tmp/pp-cold/root"
prepared "cold first command (engine not running), pod ps (0 pods)" \
  "bash -c 'flock $tmp/pp-cold/run/engine/start.lock true; rm -f $tmp/pp-cold/run/engine/engine.sock; sleep 0.5'" \
  "$(ppcmd cold) pod ps" "true" "$(pmcmd pods) pod ps"

# what the launcher's JVM settings buy (peapod only): same jar, settings added one by one
so_dir=peapod-cli/target/native/org/sqlite/native/Linux/x86_64
aot=peapod-cli/target/peapod.aot
jflags="--enable-native-access=ALL-UNNAMED -Xlog:disable -Xlog:all=warning:stderr"
tuned="$jflags -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
lib="-Dorg.sqlite.lib.path=$so_dir -Dorg.sqlite.lib.name=libsqlitejdbc.so"
store="--root $tmp/pp-pods/root --runroot $tmp/pp-pods/run"
variant() { # label jvm-options [jar]
  measure "start-up: $1, --version" "$java $2 -jar ${3:-$jar} --version"
  measure "start-up: $1, pod ps (0 pods)" "$java $2 -jar ${3:-$jar} $store pod ps"
}
variant "java -jar, no class-data sharing (-Xshare:off)" "$jflags -Xshare:off"
variant "java -jar, JDK default CDS archive" "$jflags"
variant "+ C1 only, serial GC" "$tuned"
variant "+ persistent sqlite native library" "$tuned $lib"
if [ -f "$aot" ]; then
  # the cache belongs to the launcher's copy of the jar whose pre-Java-6 classes (picocli) were upgraded
  variant "+ AOT cache (what ./peapod runs)" "$tuned $lib -XX:AOTCache=$aot" peapod-cli/target/peapod-aot.jar
else
  echo "bench: no AOT cache at $aot (PEAPOD_AOT=0?): AOT rows skipped" >&2
fi
measure "start-up: ./peapod launcher with PEAPOD_AOT=0, pod ps (0 pods)" "env PEAPOD_AOT=0 $(ppcmd pods) pod ps"

# listings of many pods and containers, populated through the engine (peapod) and a parallel loop (podman)
fill_podman_pods() { # store from to
  $have_podman && seq "$2" "$3" | xargs -P 4 -I{} podman --root "$tmp/pm-$1/root" --runroot "$tmp/pm-$1/run" \
    pod create --name bp{} >/dev/null
  return 0
}
populate "$tmp/pp-pods/root" "$tmp/pp-pods/run" pods "$pods_small" bp; fill_podman_pods pods 0 $((pods_small - 1))
both "pod ps, $pods_small pods" "$(ppcmd pods) pod ps" "$(pmcmd pods) pod ps"
populate "$tmp/pp-pods/root" "$tmp/pp-pods/run" pods $((pods_big - pods_small)) bq
fill_podman_pods pods "$pods_small" $((pods_big - 1))
both "pod ps, $pods_big pods" "$(ppcmd pods) pod ps" "$(pmcmd pods) pod ps"
rss_big=$(engine_rss pods)
measure "pod ps, $pods_big pods, direct JVM (PEAPOD_SERVER=0)" "env PEAPOD_SERVER=0 $(ppcmd pods) pod ps"
# podman's locks are shared by all its stores (2,048 by default): 1,000 pods with their infra containers hold
# most of them, so they go before the 1,000 containers are made
$have_podman && { pm pods pod rm -a -f >/dev/null 2>&1 || true; }
populate "$tmp/pp-ctrs/root" "$tmp/pp-ctrs/run" containers "$ctrs" bc
$have_podman && seq 0 $((ctrs - 1)) | xargs -P 4 -I{} podman --root "$tmp/pm-ctrs/root" --runroot "$tmp/pm-ctrs/run" \
  create --name bc{} localhost/busybox sleep 600 >/dev/null
both "ps -a, $ctrs containers" "$(ppcmd ctrs) ps -a" "$(pmcmd ctrs) ps -a"

# containers
both "run --rm busybox true" "$PP run --rm busybox true" "$PM run --rm localhost/busybox true"
for n in $sizes; do
  script="$tmp/life$n.sh"
  bench_lifecycle_script "$script" "$n"
  both "pod lifecycle, $n containers incl. infra (create, start, stop -t 0, rm -f)" "bash $script '$PP'" \
       "bash $script '$PM'"
done

# pod start and pod stop -t 0 of one pod of 20 (19 + infra) alone, each timed run after the opposite command
big=$( $quick && echo 5 || echo 20 )
pp main pod create --name bstart >/dev/null
for i in $(seq 1 $((big - 1))); do pp main create --pod bstart busybox sleep 600 >/dev/null; done
if $have_podman; then
  pm main pod create --name bstart >/dev/null
  for i in $(seq 1 $((big - 1))); do pm main create --pod bstart localhost/busybox sleep 600 >/dev/null; done
fi
quiet() { echo "bash -c '$* >/dev/null 2>&1; true'"; }
prepared "pod start, a pod of $big (infra + $((big - 1)))" "$(quiet "$PP pod stop -t 0 bstart")" \
  "$PP pod start bstart" "$(quiet "$PM pod stop -t 0 bstart")" "$PM pod start bstart"
prepared "pod stop -t 0, a pod of $big (infra + $((big - 1)))" "$(quiet "$PP pod start bstart")" \
  "$PP pod stop -t 0 bstart" "$(quiet "$PM pod start bstart")" "$PM pod stop -t 0 bstart"
pp main pod rm -f -t 0 bstart >/dev/null
$have_podman && pm main pod rm -f -t 0 bstart >/dev/null

pull_note=""
# pull: the same multi-layer image from a local docker-registry into an empty store each run
if command -v docker-registry >/dev/null && command -v skopeo >/dev/null; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  reg="$tmp/registry"; oci="$tmp/multi-oci"; mkdir -p "$reg" "$oci/blobs/sha256"
  printf 'version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:%s\n' \
    "$reg/data" "$port" > "$reg/config.yml"
  docker-registry serve "$reg/config.yml" >"$reg/log" 2>&1 & regpid=$!
  trap 'kill $regpid 2>/dev/null || true; cleanup' EXIT
  layers=""; diffs=""
  for p in bin/busybox usr/lib/x86_64-linux-gnu/perl-base usr/share/perl5 usr/share/zoneinfo usr/share/i18n; do
    [ -e "/$p" ] || continue
    tar -C / --sort=name --mtime=2024-01-01 --owner=0 --group=0 -cf "$oci/l.tar" "$p"
    diff=$(sha256sum < "$oci/l.tar" | cut -d' ' -f1); gzip -n -6 "$oci/l.tar"
    dig=$(sha256sum < "$oci/l.tar.gz" | cut -d' ' -f1); size=$(stat -c %s "$oci/l.tar.gz")
    mv "$oci/l.tar.gz" "$oci/blobs/sha256/$dig"
    layers="$layers${layers:+,}{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:$dig\",\"size\":$size}"
    diffs="$diffs${diffs:+,}\"sha256:$diff\""
  done
  blob() { local d; d=$(printf '%s' "$1" | sha256sum | cut -d' ' -f1); printf '%s' "$1" > "$oci/blobs/sha256/$d"; echo "$d ${#1}"; }
  read -r cd cs < <(blob "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/bin/busybox\",\"sh\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[$diffs]}}")
  read -r md ms < <(blob "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:$cd\",\"size\":$cs},\"layers\":[$layers]}")
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s}]}' "$md" "$ms" > "$oci/index.json"
  echo '{"imageLayoutVersion":"1.0.0"}' > "$oci/oci-layout"
  for i in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.1; done
  skopeo copy --quiet --dest-tls-verify=false "oci:$oci" "docker://127.0.0.1:$port/multi:1"
  mb=$(du -sm "$oci/blobs" | cut -f1)
  ref="127.0.0.1:$port/multi:1"
  nlayers=$(echo "$layers" | grep -o digest | wc -l)
  both "pull $ref, ${mb} MB in $nlayers gzip layers, into an empty store" \
       "bash -c 'rm -rf $tmp/pull-pp && ./peapod --root $tmp/pull-pp/root --runroot $tmp/pull-pp/run pull -q --tls-verify=false $ref'" \
       "bash -c 'rm -rf $tmp/pull-pm && podman --root $tmp/pull-pm/root --runroot $tmp/pull-pm/run --storage-driver overlay pull -q --tls-verify=false $ref'"
  kill $regpid 2>/dev/null || true
else
  pull_note="image pull: skipped, docker-registry or skopeo is missing (scripts/setup-host installs them)."
fi

# floor: raw runc on a prepared bundle of the same busybox
bundle="$tmp/bundle"; mkdir -p "$bundle/rootfs"
cp -a /bin/busybox "$bundle/rootfs/"; mkdir -p "$bundle/rootfs/bin"; ln -sf /busybox "$bundle/rootfs/bin/true"
(cd "$bundle" && runc spec && sed -i 's/"terminal": true/"terminal": false/; s/"sh"/"true"/' config.json)
measure "floor: runc run of one container (no conmon, no storage)" \
        "bash -c 'runc --root $tmp/runc run -b $bundle bench-\$RANDOM\$RANDOM'"

# --- the table
{
  echo "# peapod vs podman, whole commands"
  echo
  echo "$(date -u +%F), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $runs timed runs per command" \
       "(peapod and podman alternating) after one untimed run each$($quick && echo '; **--quick: small stores, not for publishing**')."
  echo "podman: $($have_podman && podman --version || echo 'not installed: peapod alone')."
  echo "Start-up rows: the same jar with the launcher's JVM settings added one by one."
  echo
  python3 - "$tmp/rows" "$tmp/times" <<'EOPY'
import statistics, sys, os
rows, times = sys.argv[1], sys.argv[2]
def med(key):
    p = os.path.join(times, key)
    if not os.path.exists(p):
        return None
    v = [float(x) for x in open(p) if x.strip()]
    return statistics.median(v) if v else None
print("| Command | peapod median [ms] | podman median [ms] | peapod/podman |")
print("|:---|---:|---:|---:|")
for line in open(rows):
    label, key, pm = (line.rstrip("\n").split("\t") + [""])[:3]
    a = med(key + ".pp")
    b = med(key + ".pm") if pm else None
    fa = "failed" if a is None else f"{a:.1f}"
    fb = "" if not pm else ("failed" if b is None else f"{b:.1f}")
    ratio = f"{a / b:.2f}" if a and b else ""
    print(f"| {label} | {fa} | {fb} | {ratio} |")
EOPY
  echo
  echo "Engine process (one warm JVM per store): resident memory ${rss_idle} MB idle after its first commands," \
       "${rss_big} MB after listing $pods_big pods."
  [ -n "$pull_note" ] && { echo; echo "$pull_note"; }
  true
} > "$out"
cat "$out"
