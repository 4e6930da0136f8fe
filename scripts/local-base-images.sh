#!/usr/bin/env bash
# Builds local stand-ins for the three public base images, from Debian packages, for machines that
# cannot reach Docker Hub (the Dockerfile and docker-compose.yml default to the official images):
#
#   symbia-local/jdk:21        openjdk-21-jdk-headless   instead of eclipse-temurin:21-jdk-noble
#   symbia-local/jre:21        openjdk-21-jre-headless   instead of eclipse-temurin:21-jre-noble
#   symbia-local/postgres:17   postgresql-17             instead of postgres:17-alpine
#
# Each is a Debian (trixie) minimal root file system made with debootstrap, the packages installed
# in a chroot, then `docker import`ed as a single layer. Needs root (debootstrap, chroot) and a
# Docker engine (scripts/docker-engine.sh starts or installs one when it can).
#
#   sudo scripts/local-base-images.sh          # builds the missing ones
#   sudo scripts/local-base-images.sh --force  # rebuilds all three
#
# docker import cannot set STOPSIGNAL: docker-compose.yml sets SIGINT (fast shutdown) for postgres.
#
# Then tell compose (or `docker build`) to use them; nothing switches to them silently:
#
#   export SYMBIA_JDK_IMAGE=symbia-local/jdk:21 SYMBIA_JRE_IMAGE=symbia-local/jre:21 \
#          SYMBIA_POSTGRES_IMAGE=symbia-local/postgres:17
#
# (the script prints these lines at the end; they can also go into .env). Tests use the PostgreSQL
# one with SYMBIA_TEST_POSTGRES_IMAGE=symbia-local/postgres:17.
#
# The machine's own extra CA certificates (*.crt in SYMBIA_EXTRA_CA_DIR, /usr/local/share/ca-certificates)
# are trusted in the images too (system store and Java's cacerts): behind a TLS-inspecting egress proxy,
# the image builds' Maven downloads need them, as the host's do. The script names each one it adds.
#
# Environment: SYMBIA_DEBIAN_SUITE (trixie), SYMBIA_DEBIAN_MIRROR (http://deb.debian.org/debian),
# SYMBIA_BASE_WORKDIR (/var/tmp/symbia-base-images: the debootstrap result, kept for rebuilds).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SUITE="${SYMBIA_DEBIAN_SUITE:-trixie}"
MIRROR="${SYMBIA_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
WORKDIR="${SYMBIA_BASE_WORKDIR:-/var/tmp/symbia-base-images}"
JDK_TAG=symbia-local/jdk:21
JRE_TAG=symbia-local/jre:21
POSTGRES_TAG=symbia-local/postgres:17
EXTRA_CA_DIR="${SYMBIA_EXTRA_CA_DIR:-/usr/local/share/ca-certificates}"
FORCE=false
[[ "${1:-}" == --force ]] && FORCE=true

if [[ "$(id -u)" != 0 ]]; then
  echo "error: run as root (debootstrap and chroot need it): sudo $0" >&2
  exit 1
fi

# shellcheck source=scripts/docker-engine.sh
source "$ROOT/scripts/docker-engine.sh"
symbia_docker_ready || exit 77

if ! command -v debootstrap >/dev/null 2>&1; then
  echo "Installing debootstrap with apt-get ..." >&2
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null
fi

have_image() {
  [[ "$FORCE" == false ]] && docker image inspect "$1" >/dev/null 2>&1
}

# One minimal root file system, made once and copied for each image.
base_rootfs() {
  local rootfs="$WORKDIR/rootfs-$SUITE"
  if [[ ! -f "$rootfs/.symbia-complete" || "$FORCE" == true ]]; then
    rm -rf "$rootfs"
    mkdir -p "$WORKDIR"
    echo "debootstrap --variant=minbase $SUITE from $MIRROR (a few minutes) ..." >&2
    debootstrap --variant=minbase "$SUITE" "$rootfs" "$MIRROR" >"$WORKDIR/debootstrap.log" 2>&1 \
      || { tail -n 20 "$WORKDIR/debootstrap.log" >&2; exit 1; }
    touch "$rootfs/.symbia-complete"
  fi
  echo "$rootfs"
}

# build_image <tag> <setup function> <docker import --change ...>...
build_image() {
  local tag="$1" setup="$2"
  shift 2
  if have_image "$tag"; then
    echo "$tag: present (--force rebuilds it)"
    return 0
  fi
  local base dir
  base="$(base_rootfs)"
  dir="$WORKDIR/image"
  rm -rf "$dir"
  cp -a "$base" "$dir"
  rm -f "$dir/.symbia-complete"
  # Services must not start inside the chroot; /proc is needed by some maintainer scripts (Java's).
  printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"
  chmod 755 "$dir/usr/sbin/policy-rc.d"
  mount -t proc proc "$dir/proc"
  trap 'umount "'"$dir"'/proc" 2>/dev/null || true' EXIT
  cp /etc/resolv.conf "$dir/etc/resolv.conf"

  local ca
  for ca in "$EXTRA_CA_DIR"/*.crt; do
    [[ -f "$ca" ]] || continue
    echo "$tag: trusting this machine's CA certificate $(basename "$ca")" >&2
    install -D -m 0644 "$ca" "$dir/usr/local/share/ca-certificates/$(basename "$ca")"
  done
  echo "$tag: installing packages ..." >&2
  chroot "$dir" apt-get update -q >/dev/null
  "$setup" "$dir"

  chroot "$dir" apt-get clean
  umount "$dir/proc"
  trap - EXIT
  rm -f "$dir/usr/sbin/policy-rc.d" "$dir/etc/resolv.conf"
  rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin "$dir"/var/log/*.log \
    "$dir"/usr/share/doc/* "$dir"/usr/share/man/* "$dir"/usr/share/info/* "$dir"/tmp/* "$dir"/var/tmp/*

  echo "$tag: importing ..." >&2
  tar --numeric-owner -C "$dir" -c . | docker import "$@" - "$tag" >/dev/null
  rm -rf "$dir"
  echo "$tag: $(docker image inspect --format '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1/1000000}')"
}

apt_install() {
  local dir="$1"
  shift
  chroot "$dir" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null
}

# curl: mvnw downloads Maven with it (build image only: the runtime needs no curl or shell, its
# healthcheck is java; passwd: useradd, run while the images are built).
setup_jdk() { apt_install "$1" ca-certificates curl openjdk-21-jdk-headless; }
setup_jre() { apt_install "$1" ca-certificates passwd openjdk-21-jre-headless; }

setup_postgres() {
  local dir="$1"
  # No "main" cluster from the Debian package: the entrypoint creates the cluster in PGDATA.
  mkdir -p "$dir/etc/postgresql-common"
  echo "create_main_cluster = false" >"$dir/etc/postgresql-common/createcluster.conf"
  apt_install "$dir" postgresql-17
  install -m 0755 "$ROOT/deploy/docker/local-base/postgres-entrypoint.sh" "$dir/usr/local/bin/docker-entrypoint.sh"
  # The data folder belongs to postgres with mode 0700, so a new named volume mounted there does too.
  install -d -m 0700 -o "$(chroot "$dir" id -u postgres)" -g "$(chroot "$dir" id -g postgres)" \
    "$dir/var/lib/postgresql/data"
  chroot "$dir" chown postgres:postgres /var/run/postgresql
  # The package's snakeoil TLS key would be the same in every copy of the image; TLS is off anyway.
  rm -f "$dir/etc/ssl/private/ssl-cert-snakeoil.key" "$dir/etc/ssl/certs/ssl-cert-snakeoil.pem"
}

JAVA_HOME_IN_IMAGE=/usr/lib/jvm/java-21-openjdk-amd64
build_image "$JDK_TAG" setup_jdk \
  --change "ENV LANG=C.UTF-8" --change "ENV JAVA_HOME=$JAVA_HOME_IN_IMAGE" \
  --change "ENV PATH=$JAVA_HOME_IN_IMAGE/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --change 'CMD ["jshell"]'
build_image "$JRE_TAG" setup_jre \
  --change "ENV LANG=C.UTF-8" --change "ENV JAVA_HOME=$JAVA_HOME_IN_IMAGE" \
  --change "ENV PATH=$JAVA_HOME_IN_IMAGE/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --change 'CMD ["java", "-version"]'
build_image "$POSTGRES_TAG" setup_postgres \
  --change "ENV LANG=C.UTF-8" --change "ENV PGDATA=/var/lib/postgresql/data" \
  --change "ENV PATH=/usr/lib/postgresql/17/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --change "USER postgres" --change "EXPOSE 5432" --change "VOLUME /var/lib/postgresql/data" \
  --change 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' --change 'CMD ["postgres"]'

cat <<EOF

Local base images ready. To use them (compose, docker build, tests), set:

  export SYMBIA_JDK_IMAGE=$JDK_TAG SYMBIA_JRE_IMAGE=$JRE_TAG SYMBIA_POSTGRES_IMAGE=$POSTGRES_TAG
  export SYMBIA_TEST_POSTGRES_IMAGE=$POSTGRES_TAG   # the tests' Testcontainers path
EOF
