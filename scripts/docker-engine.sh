# shellcheck shell=bash
# A usable Docker engine for scripts/local-base-images.sh and scripts/compose-smoke.sh, sourced by both.
#
#   source scripts/docker-engine.sh && symbia_docker_ready || exit 77
#
# symbia_docker_ready makes sure that `docker` reaches an engine, in this order:
#   1. an engine already answers (Docker Desktop, a systemd docker.service, DOCKER_HOST): use it;
#   2. as root on Debian/Ubuntu without Docker: `apt-get install docker.io` (plus docker-compose when no
#      compose is installed; SYMBIA_DOCKER_INSTALL=false forbids installing anything);
#   3. as root with dockerd installed but not running (a machine without systemd, e.g. a CI sandbox):
#      start `dockerd $SYMBIA_DOCKERD_ARGS` in the background, logging to $SYMBIA_DOCKERD_LOG.
#      The default --storage-driver=vfs works where overlayfs does not (a VM or container without
#      overlay support); it copies every layer, so it needs disk (see the README).
#      With DOCKER_HOST=unix:///some/path.sock it listens there instead of /var/run/docker.sock: on a
#      shared machine, other users' tools (Testcontainers probes /var/run/docker.sock) then never
#      find an engine they did not ask for.
# Otherwise it says why Docker is not usable and returns 1.
#
# It also sets, for the caller:
#   SYMBIA_DOCKER   the docker CLI that builds with BuildKit (the Dockerfile needs it): `docker` when it
#                   has buildx or is older than 23 (built-in BuildKit); Debian's /usr/bin/docker otherwise
#   SYMBIA_COMPOSE  `docker compose` (v2) when present, else `docker-compose` (v1, Debian bookworm)
#   SYMBIA_DOCKERD_STARTED  the pid of a dockerd this script started ("" when it found one running);
#                   symbia_docker_stop_if_started stops exactly that one

SYMBIA_DOCKERD_ARGS="${SYMBIA_DOCKERD_ARGS:---storage-driver=vfs}"
SYMBIA_DOCKERD_LOG="${SYMBIA_DOCKERD_LOG:-/var/tmp/symbia-dockerd.log}"
SYMBIA_DOCKER_INSTALL="${SYMBIA_DOCKER_INSTALL:-true}"
SYMBIA_DOCKERD_STARTED=""

symbia_docker_unusable() {
  echo "Docker is not usable here: $*" >&2
  echo "  (install Docker Engine with compose, or run as root on Debian/Ubuntu to let this script do it)" >&2
  return 1
}

symbia_docker_engine_up() {
  docker info >/dev/null 2>&1
}

symbia_docker_pick_cli() {
  local candidate major
  SYMBIA_DOCKER=""
  for candidate in docker /usr/bin/docker; do
    command -v "$candidate" >/dev/null 2>&1 || continue
    if "$candidate" buildx version >/dev/null 2>&1; then
      SYMBIA_DOCKER="$candidate"
      break
    fi
    major="$("$candidate" version --format '{{.Client.Version}}' 2>/dev/null | cut -d. -f1)"
    if [[ "$major" =~ ^[0-9]+$ ]] && ((major < 23)); then
      SYMBIA_DOCKER="$candidate"   # BuildKit built into the client (DOCKER_BUILDKIT=1)
      break
    fi
  done
  if [[ -z "$SYMBIA_DOCKER" ]]; then
    symbia_docker_unusable "no docker CLI that builds with BuildKit (install docker-buildx, or Debian's docker.io)"
    return 1
  fi
  export DOCKER_BUILDKIT=1

  if docker compose version >/dev/null 2>&1; then
    SYMBIA_COMPOSE="docker compose"
  elif command -v docker-compose >/dev/null 2>&1; then
    SYMBIA_COMPOSE="docker-compose"
  else
    SYMBIA_COMPOSE=""
  fi
}

symbia_docker_install() {
  [[ "$SYMBIA_DOCKER_INSTALL" == true ]] || return 1
  [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1 || return 1
  local packages=()
  command -v dockerd >/dev/null 2>&1 || packages+=(docker.io)
  if ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null 2>&1; then
    packages+=(docker-compose)
  fi
  ((${#packages[@]} > 0)) || return 0
  echo "Installing ${packages[*]} with apt-get ..." >&2
  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${packages[@]}" >/dev/null
}

symbia_docker_start_daemon() {
  [[ "$(id -u)" == 0 ]] || return 1
  command -v dockerd >/dev/null 2>&1 || return 1
  local args="${SYMBIA_DOCKERD_ARGS}"
  [[ "${DOCKER_HOST:-}" == unix://* ]] && args+=" -H ${DOCKER_HOST}"
  echo "Starting dockerd ${args} (log: ${SYMBIA_DOCKERD_LOG}) ..." >&2
  # shellcheck disable=SC2086  # the arguments are meant to be split
  nohup dockerd ${args} >>"$SYMBIA_DOCKERD_LOG" 2>&1 &
  SYMBIA_DOCKERD_STARTED=$!
  local i
  for ((i = 0; i < 60; i++)); do
    symbia_docker_engine_up && return 0
    kill -0 "$SYMBIA_DOCKERD_STARTED" 2>/dev/null || break
    sleep 1
  done
  echo "dockerd did not come up; last lines of ${SYMBIA_DOCKERD_LOG}:" >&2
  tail -n 15 "$SYMBIA_DOCKERD_LOG" >&2
  kill "$SYMBIA_DOCKERD_STARTED" 2>/dev/null
  SYMBIA_DOCKERD_STARTED=""
  return 1
}

symbia_docker_ready() {
  if ! symbia_docker_engine_up; then
    if ! command -v dockerd >/dev/null 2>&1 && ! command -v docker >/dev/null 2>&1; then
      symbia_docker_install || { symbia_docker_unusable "no docker installed, and it cannot be installed from here"; return 1; }
    fi
    if ! symbia_docker_engine_up; then
      if [[ -n "${DOCKER_HOST:-}" && "${DOCKER_HOST}" != unix://* ]]; then
        symbia_docker_unusable "DOCKER_HOST=${DOCKER_HOST} does not answer"
        return 1
      fi
      command -v dockerd >/dev/null 2>&1 || symbia_docker_install || true
      symbia_docker_start_daemon || { symbia_docker_unusable "no engine answers and none could be started (root and dockerd are needed)"; return 1; }
    fi
  fi
  symbia_docker_pick_cli || return 1
  if [[ -z "$SYMBIA_COMPOSE" ]]; then
    symbia_docker_install && symbia_docker_pick_cli
  fi
  return 0
}

symbia_docker_stop_if_started() {
  [[ -n "$SYMBIA_DOCKERD_STARTED" ]] || return 0
  echo "Stopping the dockerd this script started (pid ${SYMBIA_DOCKERD_STARTED}) ..." >&2
  kill "$SYMBIA_DOCKERD_STARTED" 2>/dev/null || return 0
  local i
  for ((i = 0; i < 30; i++)); do
    kill -0 "$SYMBIA_DOCKERD_STARTED" 2>/dev/null || return 0
    sleep 1
  done
}
