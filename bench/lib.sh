# Shared by bench/compare.sh, bench/ab.sh, bench/scale.sh and bench/api.sh (sourced, not run): podman's temporary stores set
# up alike for every benchmark, and a cleanup that leaves no mount behind.

# podman in a fresh temporary store picks CNI when it finds CNI configs (Debian ships one, without the plugins):
# make it use netavark, as the machine's own store does. $1: a directory for the containers.conf it may write.
bench_podman_netavark() {
  if ! grep -q '^\[network\]' /etc/containers/containers.conf 2>/dev/null; then
    { cat /etc/containers/containers.conf 2>/dev/null; printf '\n[network]\nnetwork_backend = "netavark"\n'; } \
      > "$1/containers.conf"
    export CONTAINERS_CONF="$1/containers.conf"
  fi
}

# Writes a busybox image archive for podman's temporary stores to $1: the machine's podman localhost/busybox if it
# has one, else the busybox peapod builds, saved from the peapod store whose client command line is $2 (the store
# must hold it: run `busybox true` there first). Both engines then run the same busybox binary.
bench_busybox_archive() {
  if podman image exists localhost/busybox 2>/dev/null; then
    podman save -q -o "$1" localhost/busybox
  else
    $2 save -o "$1" localhost/busybox >/dev/null
  fi
}

# Loads the archive $1 into the podman store of the command line $2 and builds its pause image (pod create).
bench_podman_store() {
  $2 load -q -i "$1" >/dev/null
  $2 pod create --name bench-warm >/dev/null && $2 pod rm -f bench-warm >/dev/null
}

# Unmounts whatever is still mounted under $1 (deepest first; podman's overlay store bind-mounts itself, and a
# store's leftover container mounts), then removes $1, retrying while a lazy unmount is still detaching.
bench_remove_tree() {
  local dir=$1 m id
  # podman's containers are kept in runc's default root: one whose cleanup had not run when its store went stays
  # listed by runc (stopped) after the store is gone
  for id in $(runc list -q 2>/dev/null); do
    case "$(runc state "$id" 2>/dev/null | sed -n 's/^ *"bundle": "\(.*\)",$/\1/p')" in
      "$dir"/*) runc delete -f "$id" >/dev/null 2>&1 ;;
    esac
  done
  for _ in 1 2 3; do
    m=$(awk -v d="$dir" '$5 == d || index($5, d "/") == 1 {print $5}' /proc/self/mountinfo | sort -r)
    [ -z "$m" ] && break
    echo "$m" | xargs -r -n 1 umount -l 2>/dev/null
  done
  for _ in 1 2 3 4 5; do rm -rf "$dir" 2>/dev/null && break; sleep 1; done
  [ ! -e "$dir" ] || echo "bench: could not remove $dir" >&2
}

# Writes to $1 the pod lifecycle script of $2 containers (the infra included) that bench/compare.sh and
# bench/ab.sh time: pod create, $2 - 1 creates in the pod, pod start, pod stop -t 0, pod rm -f; its one argument
# is the engine's command line.
bench_lifecycle_script() {
  cat > "$1" <<EOS
set -e
E=\$1
\$E pod create --name bp$2 >/dev/null
for i in \$(seq 1 $(($2 - 1))); do \$E create --pod bp$2 localhost/busybox sleep 600 >/dev/null; done
\$E pod start bp$2 >/dev/null
\$E pod stop -t 0 bp$2 >/dev/null
\$E pod rm -f bp$2 >/dev/null
EOS
}
