#!/usr/bin/env bash
# Whole-command timings, peapod beside podman (and raw runc as the floor), with hyperfine.
# Writes bench/results/latest.md. Run as root after scripts/setup-host; podman is optional
# (apt-get install podman; needs runtime="runc" and default_ulimits=[] in containers.conf here).
# Usage: bench/compare.sh [runs]   (default 5 runs per command after 2 warm-ups)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
out=bench/results/latest.md
tmp=$(mktemp -d /tmp/peapod-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export JAVA_HOME="${PEAPOD_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
./peapod --version >/dev/null   # builds if needed, outside the timings
pp=(./peapod --root "$tmp/root" --runroot "$tmp/run")
have_podman=false
if command -v podman >/dev/null && podman image exists localhost/busybox 2>/dev/null; then
  have_podman=true
elif command -v podman >/dev/null; then
  # the same busybox rootfs peapod builds, imported into podman
  rootfs="$tmp/podman-rootfs"; mkdir -p "$rootfs"/{bin,etc,tmp,proc,sys,dev}
  cp /bin/busybox "$rootfs/bin/"
  for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -sf busybox "$rootfs/bin/$a"; done
  echo 'root:x:0:0:root:/root:/bin/sh' > "$rootfs/etc/passwd"; echo 'root:x:0:' > "$rootfs/etc/group"
  tar -C "$rootfs" -c . | podman import --change 'CMD ["sh"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - localhost/busybox:latest >/dev/null
  have_podman=true
fi
"${pp[@]}" run --rm busybox true   # builds the busybox and infra images outside the timings
"${pp[@]}" pod create --name warm >/dev/null && "${pp[@]}" pod rm -f warm >/dev/null

hf() { hyperfine -N --style none --time-unit millisecond -w 2 -r "$runs" --export-markdown "$tmp/part.md" "$@" >/dev/null 2>&1 || true; tail -n +3 "$tmp/part.md" >> "$tmp/rows.md"; }
hfs() { hyperfine --style none --time-unit millisecond -w 1 -r "$runs" --export-markdown "$tmp/part.md" "$@" >/dev/null 2>&1 || true; tail -n +3 "$tmp/part.md" >> "$tmp/rows.md"; }
: > "$tmp/rows.md"

# floor: raw runc on a prepared bundle
bundle="$tmp/bundle"; mkdir -p "$bundle/rootfs"
"${pp[@]}" image inspect busybox --format '{{.Id}}' >/dev/null
cp -a "$tmp/root/overlay/"*/diff/. "$bundle/rootfs/" 2>/dev/null || true
(cd "$bundle" && runc spec && sed -i 's/"terminal": true/"terminal": false/; s/"sh"/"true"/' config.json)
hfs -n "runc run (floor)" "runc --root $tmp/runc run -b $bundle bench-\$RANDOM"

# peapod and podman in one hyperfine call, so "Relative" compares them
pair() { # name-a cmd-a name-b cmd-b
  if $have_podman; then hf -n "$1" "$2" -n "$3" "$4"; else hf -n "$1" "$2"; fi
}
pairs() { # the same with a shell (scripts)
  if $have_podman; then hfs -n "$1" "$2" -n "$3" "$4"; else hfs -n "$1" "$2"; fi
}
pair "peapod --version" "${pp[*]} --version" "podman --version" "podman --version"
pair "peapod run --rm busybox true" "${pp[*]} run --rm busybox true" \
     "podman run --rm busybox true" "podman run --rm localhost/busybox true"

for n in 1 5 20; do
  script="$tmp/life$n.sh"
  cat > "$script" <<EOS
set -e
E=\$1
\$E pod create --name bp$n >/dev/null
for i in \$(seq 1 $((n - 1))); do \$E create --pod bp$n localhost/busybox sleep 600 >/dev/null; done
\$E pod start bp$n >/dev/null
\$E pod stop -t 0 bp$n >/dev/null
\$E pod rm -f bp$n >/dev/null
EOS
  pairs "peapod pod lifecycle, $n containers (incl. infra)" "bash $script '${pp[*]}'" \
        "podman pod lifecycle, $n containers (incl. infra)" "bash $script 'podman'"
done

for i in $(seq 1 100); do "${pp[@]}" pod create --name ps$i >/dev/null; done
$have_podman && for i in $(seq 1 100); do podman pod create --name bench-ps$i >/dev/null; done
pair "peapod pod ps, 100 pods" "${pp[*]} pod ps" "podman pod ps, 100 pods" "podman pod ps"
$have_podman && podman pod rm -f $(podman pod ps -q --filter name=bench-ps) >/dev/null
"${pp[@]}" pod rm -a -f >/dev/null

# pull: the same multi-layer image from a local docker-registry into an empty store each run
if command -v docker-registry >/dev/null && command -v skopeo >/dev/null; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  reg="$tmp/registry"; oci="$tmp/multi-oci"; mkdir -p "$reg" "$oci/blobs/sha256"
  printf 'version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:%s\n' \
    "$reg/data" "$port" > "$reg/config.yml"
  docker-registry serve "$reg/config.yml" >"$reg/log" 2>&1 & regpid=$!
  trap 'kill $regpid 2>/dev/null; rm -rf "$tmp"' EXIT
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
  pullpp="./peapod --root $tmp/pull-pp/root --runroot $tmp/pull-pp/run pull -q --tls-verify=false $ref"
  pullpod="podman --root $tmp/pull-pod/root --runroot $tmp/pull-pod/run --storage-driver overlay pull -q --tls-verify=false $ref"
  args=(-N --style none --time-unit millisecond -w 1 -r "$runs" --prepare "rm -rf $tmp/pull-pp $tmp/pull-pod"
        --export-markdown "$tmp/part.md" -n "peapod pull, ${mb} MB in $(echo "$layers" | grep -o digest | wc -l) gzip layers" "$pullpp")
  $have_podman && args+=(-n "podman pull, same image" "$pullpod")
  hyperfine "${args[@]}" >/dev/null 2>&1 || true
  tail -n +3 "$tmp/part.md" >> "$tmp/rows.md"
  kill $regpid 2>/dev/null || true
fi

{
  echo "# peapod vs podman, whole commands ($(date -u +%F), $(nproc) cores, $runs runs each after warm-up)"
  echo
  echo "| Command | Mean [ms] | Min [ms] | Max [ms] | Relative |"
  echo "|:---|---:|---:|---:|---:|"
  cat "$tmp/rows.md"
  $have_podman || echo; $have_podman || echo "podman is not installed: peapod alone."
} > "$out"
cat "$out"
