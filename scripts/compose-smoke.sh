#!/usr/bin/env bash
# The compose smoke test: the whole platform from container images, as a user would run it.
#
#   scripts/compose-smoke.sh                      # official base images (needs Docker Hub)
#   scripts/compose-smoke.sh --local-base-images  # Debian-built ones (scripts/local-base-images.sh)
#
# 1. a Docker engine: started (or installed, as root on Debian/Ubuntu) when there is none running;
#    says clearly and exits 77 (skipped) when Docker is not usable at all (scripts/docker-engine.sh);
# 2. builds the ten images one after the other from the one Dockerfile (BUILD_SCOPE=all: the modules
#    are compiled once, in a layer the ten builds share), plus the fake provider;
# 3. `compose up` with freshly generated secrets (an env file of its own: a .env is not read) and the
#    fake OpenAI-compatible provider (deploy/docker/compose.smoke.yml) as integrations' SambaNova;
# 4. through the gateway on 127.0.0.1:$SMOKE_GATEWAY_PORT (18080): waits for /api/health, registers,
#    chats, and checks that the reply's tokens arrive one by one (the fake sends one per 300 ms);
# 5. checks the images: only the gateway port is published; every container runs as uid 10001 with
#    java as PID 1; healthy within the start period (time per service); PORT is honoured and the
#    healthcheck follows it (a second gateway and network container with PORT=9099); size per image;
#    `compose restart postgres` is survived (a second chat afterwards);
# 6. `compose down -v` (also on failure; SMOKE_KEEP=true leaves the stack up for a look).
# Traffic stays on loopback and the compose network; nothing is pulled but the base images.
#
# About 5.5 minutes on 2 cores with vfs storage from no images (README); .ci/run runs it last, on the
# local base images and an engine of its own. Environment: SMOKE_GATEWAY_PORT (18080), SMOKE_PROJECT
# (symbia-smoke), SMOKE_SKIP_BUILD=true (reuse the images), SMOKE_KEEP=true, SMOKE_HEALTH_TIMEOUT
# (600 s), and SYMBIA_JDK_IMAGE / SYMBIA_JRE_IMAGE / SYMBIA_POSTGRES_IMAGE like docker-compose.yml.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

SERVICES=(identity logging catalog assistants messaging runtime integrations models network gateway)
GATEWAY_HOST_PORT="${SMOKE_GATEWAY_PORT:-18080}"
PROJECT="${SMOKE_PROJECT:-symbia-smoke}"
HEALTH_TIMEOUT="${SMOKE_HEALTH_TIMEOUT:-600}"
START_PERIOD=300   # docker-compose.yml x-healthcheck start_period
BASE="http://127.0.0.1:${GATEWAY_HOST_PORT}"
T0=$SECONDS

if [[ "${1:-}" == --local-base-images ]]; then
  export SYMBIA_JDK_IMAGE=symbia-local/jdk:21 SYMBIA_JRE_IMAGE=symbia-local/jre:21 \
    SYMBIA_POSTGRES_IMAGE=symbia-local/postgres:17
fi
JDK_IMAGE="${SYMBIA_JDK_IMAGE:-eclipse-temurin:21-jdk-noble}"
JRE_IMAGE="${SYMBIA_JRE_IMAGE:-eclipse-temurin:21-jre-noble}"
POSTGRES_IMAGE="${SYMBIA_POSTGRES_IMAGE:-postgres:17-alpine}"

step() { printf '\n[%4ds] == %s\n' "$((SECONDS - T0))" "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "  ok: $*"; }

# shellcheck source=scripts/docker-engine.sh
source "$ROOT/scripts/docker-engine.sh"
step "Docker engine"
symbia_docker_ready || exit 77
[[ -n "$SYMBIA_COMPOSE" ]] || { symbia_docker_unusable "no docker compose (v2 plugin) nor docker-compose (v1)"; exit 77; }
echo "  engine $(docker version --format '{{.Server.Version}}'), CLI $SYMBIA_DOCKER, compose: $SYMBIA_COMPOSE"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/symbia-smoke.XXXXXX")"
echo "  logs: $WORK"

# Base images: used as given, never swapped behind the user's back.
for image in "$JDK_IMAGE" "$JRE_IMAGE" "$POSTGRES_IMAGE"; do
  if ! docker image inspect "$image" >/dev/null 2>&1 && ! docker pull -q "$image" >/dev/null 2>&1; then
    echo "Base image $image is neither present nor pullable (Docker Hub unreachable?)." >&2
    echo "Build local ones with: sudo scripts/local-base-images.sh, then rerun with --local-base-images" >&2
    exit 2
  fi
done
echo "  base images: $JDK_IMAGE, $JRE_IMAGE, $POSTGRES_IMAGE"

# ---- generated secrets and settings: this env file only (a developer's .env stays out of it)
secret() { od -An -N32 -tx1 /dev/urandom | tr -d ' \n'; }
ENV_FILE="$WORK/smoke.env"
cat >"$ENV_FILE" <<EOF
POSTGRES_PASSWORD=$(secret)
SESSION_SECRET=$(secret)
NETWORK_HASH_SECRET=$(secret)
INTERNAL_SERVICE_SECRET=$(secret)
CREDENTIAL_ENCRYPTION_KEY=$(secret)
GATEWAY_PORT=127.0.0.1:${GATEWAY_HOST_PORT}
SYMBIA_JDK_IMAGE=$JDK_IMAGE
SYMBIA_JRE_IMAGE=$JRE_IMAGE
SYMBIA_POSTGRES_IMAGE=$POSTGRES_IMAGE
SYMBIA_DEFAULT_PROVIDER=sambanova
SAMBANOVA_BASE_URL=http://fake-provider:8000/v1
SAMBANOVA_API_KEY=smoke-fake-key
SAMBANOVA_DEFAULT_MODEL=fake-model
HUGGINGFACE_API_KEY=
OPENAI_API_KEY=
EOF
chmod 600 "$ENV_FILE"
# Shell variables win over --env-file in compose: keep the caller's provider settings out.
unset SYMBIA_DEFAULT_PROVIDER SAMBANOVA_BASE_URL SAMBANOVA_API_KEY SAMBANOVA_DEFAULT_MODEL \
  HUGGINGFACE_API_KEY OPENAI_API_KEY GATEWAY_PORT POSTGRES_PASSWORD SESSION_SECRET NETWORK_HASH_SECRET \
  INTERNAL_SERVICE_SECRET CREDENTIAL_ENCRYPTION_KEY 2>/dev/null || true
# shellcheck disable=SC2206  # SYMBIA_COMPOSE is one or two words
# --compatibility: Compose v1 applies deploy.resources limits (memory) only with it.
[[ "$SYMBIA_COMPOSE" == docker-compose ]] && SYMBIA_COMPOSE+=" --compatibility"
COMPOSE=($SYMBIA_COMPOSE --project-name "$PROJECT" --env-file "$ENV_FILE" \
  -f docker-compose.yml -f deploy/docker/compose.smoke.yml)
container() { docker ps -q --filter "label=com.docker.compose.project=$PROJECT" --filter "label=com.docker.compose.service=$1" | head -n 1; }

cleanup() {
  local status="${1:-$?}"
  docker rm -f smoke-port-gateway smoke-port-network >/dev/null 2>&1 || true
  if [[ "${SMOKE_KEEP:-false}" == true ]]; then
    echo "SMOKE_KEEP=true: the stack stays up (${COMPOSE[*]} down -v removes it)"
  else
    step "compose down -v"
    "${COMPOSE[@]}" down -v --remove-orphans >"$WORK/down.log" 2>&1 || tail -n 5 "$WORK/down.log" >&2
  fi
  symbia_docker_stop_if_started
  printf '\n[%4ds] %s\n' "$((SECONDS - T0))" "$([[ $status == 0 ]] && echo "compose smoke test PASSED" || echo "compose smoke test FAILED (logs: $WORK)")"
}
trap cleanup EXIT

# ---- build, one image at a time (a shared machine: never in parallel)
if [[ "${SMOKE_SKIP_BUILD:-false}" != true ]]; then
  step "build the ten images and the fake provider"
  for service in "${SERVICES[@]}"; do
    started=$SECONDS
    "$SYMBIA_DOCKER" build --progress=plain --build-arg SERVICE="$service" --build-arg BUILD_SCOPE=all \
      --build-arg JDK_IMAGE="$JDK_IMAGE" --build-arg JRE_IMAGE="$JRE_IMAGE" \
      -t "symbia/$service" . >"$WORK/build-$service.log" 2>&1 \
      || { tail -n 30 "$WORK/build-$service.log" >&2; fail "docker build of $service"; }
    echo "  symbia/$service built in $((SECONDS - started)) s"
  done
  "$SYMBIA_DOCKER" build --build-arg JDK_IMAGE="$JDK_IMAGE" --build-arg JRE_IMAGE="$JRE_IMAGE" \
    -t symbia/fake-provider deploy/docker/fake-provider >"$WORK/build-fake-provider.log" 2>&1 \
    || { tail -n 30 "$WORK/build-fake-provider.log" >&2; fail "docker build of the fake provider"; }
  ok "symbia/fake-provider built"
fi
echo "  image sizes:"
for image in "${SERVICES[@]}" fake-provider; do
  docker image inspect --format '{{.Size}}' "symbia/$image" | awk -v n="symbia/$image" '{printf "    %-22s %4.0f MB\n", n, $1/1000000}'
done

# ---- up; a background poller notes when each service first reports healthy
step "compose up"
"${COMPOSE[@]}" down -v --remove-orphans >/dev/null 2>&1 || true
(
  while true; do
    for service in postgres "${SERVICES[@]}"; do
      [[ -f "$WORK/healthy-$service" ]] && continue
      id="$(container "$service")"
      [[ -n "$id" ]] || continue
      if [[ "$(docker inspect --format '{{.State.Health.Status}}' "$id" 2>/dev/null)" == healthy ]]; then
        date +%s >"$WORK/healthy-$service"
      fi
    done
    sleep 2
  done
) &
POLLER=$!
trap 'status=$?; kill $POLLER 2>/dev/null || true; cleanup $status' EXIT
up_started=$SECONDS
"${COMPOSE[@]}" up -d --no-build >"$WORK/up.log" 2>&1 || {
  tail -n 20 "$WORK/up.log" >&2
  "${COMPOSE[@]}" ps >&2 || true
  for service in "${SERVICES[@]}"; do
    id="$(container "$service")"
    [[ -n "$id" && "$(docker inspect --format '{{.State.Health.Status}}' "$id")" != healthy ]] || continue
    echo "--- $service (last log lines)" >&2
    docker logs --tail 20 "$id" >&2 2>&1 || true
  done
  fail "compose up"
}
ok "compose up returned after $((SECONDS - up_started)) s (every wave healthy)"

step "wait for the platform's health through the gateway"
deadline=$((SECONDS + HEALTH_TIMEOUT))
until curl -fsS -o "$WORK/health.json" "$BASE/api/health" 2>/dev/null; do
  ((SECONDS < deadline)) || { cat "$WORK/health.json" 2>/dev/null >&2; fail "GET /api/health not 200 within ${HEALTH_TIMEOUT}s"; }
  sleep 3
done
ok "GET $BASE/api/health: $(head -c 300 "$WORK/health.json")"
kill $POLLER 2>/dev/null || true

# ---- register, log in, chat
json_field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" | head -n 1; }
chat() {   # chat <token> <label>: the reply must stream, token by token
  local token="$1" label="$2" frames="$WORK/chat-$2.txt"
  curl -sS -N --max-time 60 -D "$WORK/chat-$label.headers" -X POST "$BASE/api/messaging/send" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{"content":"hello"}' \
    | while IFS= read -r line; do
        if [[ "$line" == data:* ]]; then printf '%s %s\n' "$(date +%s%N)" "${line#data:}"; fi
      done >"$frames" || fail "chat ($label): the stream failed (curl: see $frames)"
  grep -qi '^content-type: text/event-stream' "$WORK/chat-$label.headers" \
    || fail "chat ($label): not an event stream: $(head -n 1 "$WORK/chat-$label.headers")"
  local pieces reply first last
  pieces="$(grep -c '"content":' "$frames" || true)"
  reply="$(grep '"content":' "$frames" | sed 's/.*"content":"\([^"]*\)".*/\1/' | tr -d '\n')"
  [[ "$reply" == "Hello from the fake provider" ]] || fail "chat ($label): reply '$reply' (frames: $(cat "$frames"))"
  grep -q '"done":true' "$frames" || fail "chat ($label): no done frame"
  first="$(grep '"content":' "$frames" | head -n 1 | cut -d' ' -f1)"
  last="$(grep '"content":' "$frames" | tail -n 1 | cut -d' ' -f1)"
  # The fake waits 300 ms between its five tokens: streamed, the first and last arrive >= ~1.2 s apart.
  (((last - first) / 1000000 >= 900)) \
    || fail "chat ($label): the $pieces tokens arrived within $(((last - first) / 1000000)) ms: buffered, not streamed"
  ok "chat ($label): $pieces content frames, first to last $(((last - first) / 1000000)) ms apart, reply '$reply'"
}

step "register, log in, chat"
email="smoke-$(date +%s)-$RANDOM@example.test"
password="smoke passphrase $(secret | head -c 12)"
status="$(curl -sS -o "$WORK/register.json" -w '%{http_code}' -X POST "$BASE/api/identity/auth/register" \
  -H 'Content-Type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"$password\",\"name\":\"Smoke\",\"orgName\":\"Smoke org\"}")"
[[ "$status" == 201 ]] || fail "register: $status $(cat "$WORK/register.json")"
ok "registered $email"
status="$(curl -sS -o "$WORK/login.json" -w '%{http_code}' -X POST "$BASE/api/identity/auth/login" \
  -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"password\":\"$password\"}")"
[[ "$status" == 200 ]] || fail "login: $status $(cat "$WORK/login.json")"
TOKEN="$(json_field token <"$WORK/login.json")"
[[ -n "$TOKEN" ]] || fail "login: no token"
chat "$TOKEN" first

# ---- the images, checked
step "published ports"
docker ps --filter "label=com.docker.compose.project=$PROJECT" --format '{{.Label "com.docker.compose.service"}} {{.Ports}}' \
  | sort >"$WORK/ports.txt"
while read -r service ports; do
  published="$(tr ',' '\n' <<<"$ports" | grep -- '->' | sed 's/^ *//' || true)"
  if [[ "$service" == gateway ]]; then
    [[ "$published" == "127.0.0.1:${GATEWAY_HOST_PORT}->8080/tcp" ]] || fail "gateway publishes '$published'"
  else
    [[ -z "$published" ]] || fail "$service publishes $published"
  fi
done <"$WORK/ports.txt"
ok "only the gateway is published: 127.0.0.1:${GATEWAY_HOST_PORT}->8080/tcp ($(wc -l <"$WORK/ports.txt") containers)"

step "users, processes, start times"
for service in "${SERVICES[@]}"; do
  id="$(container "$service")"
  user="$(docker inspect --format '{{.Config.User}}' "$id")"
  [[ "$user" == 10001:10001 ]] || fail "$service runs as '$user'"
  # PID 1 of the container, as the host sees it: the JVM (the entrypoint exec'd it), uid 10001.
  # (docker top needs the pid column; it lists the container's processes in pid order)
  docker top "$id" -o pid,uid,args | tail -n +2 >"$WORK/top-$service.txt"
  read -r _ uid cmd <"$WORK/top-$service.txt"
  [[ "$uid" == 10001 && "$cmd" == java* ]] || fail "$service: first process is '$uid $cmd'"
  # (a healthcheck probe may be running at that moment: java ... HealthProbe)
  others="$(tail -n +2 "$WORK/top-$service.txt" | grep -v ' java ' || true)"
  [[ -z "$others" ]] || fail "$service runs more than the JVM: $others"
  started="$(date -d "$(docker inspect --format '{{.State.StartedAt}}' "$id")" +%s)"
  if [[ -f "$WORK/healthy-$service" ]]; then
    took=$(($(cat "$WORK/healthy-$service") - started))
    ((took <= START_PERIOD)) || fail "$service healthy only after ${took}s (start period ${START_PERIOD}s)"
    printf '    %-13s uid 10001, PID 1 java, healthy %3ds after start\n' "$service" "$took"
  else
    printf '    %-13s uid 10001, PID 1 java, healthy (first healthy time not seen)\n' "$service"
  fi
done
ok "every service: non-root (10001), the JVM alone, healthy within ${START_PERIOD}s"

step "no shell at runtime: exec-form java entrypoint and healthcheck"
for service in "${SERVICES[@]}"; do
  image="$(docker inspect --format '{{.Config.Image}}' "$(container "$service")")"
  entrypoint="$(docker image inspect --format '{{json .Config.Entrypoint}}' "$image")"
  [[ "$entrypoint" == '["java","-jar","/app/app.jar"]' ]] || fail "$service: entrypoint $entrypoint"
  check="$(docker image inspect --format '{{json .Config.Healthcheck.Test}}' "$image")"
  [[ "$check" == '["CMD","java",'* && "$check" != *sh* && "$check" != *curl* ]] || fail "$service: healthcheck $check"
  # The healthcheck with the shell and curl taken away: it still answers healthy.
  docker exec "$(container "$service")" java -Xmx16m -cp /app/probe HealthProbe \
    || fail "$service: HealthProbe does not report healthy"
done
ok "entrypoint and healthcheck are java alone (no sh, no curl)"

step "PORT is honoured, and the healthcheck follows it"
network="$(docker inspect --format '{{range $k, $v := .NetworkSettings.Networks}}{{$k}}{{end}}' "$(container gateway)")"
for service in gateway network; do
  docker inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$(container "$service")" \
    | grep -v '^PORT=\|^GATEWAY_PORT=\|^NETWORK_PORT=' | grep . >"$WORK/port-$service.env"
  docker run -d --name "smoke-port-$service" --network "$network" --env-file "$WORK/port-$service.env" \
    -e PORT=9099 --memory 512m --cap-drop ALL "symbia/$service" >/dev/null
done
for service in gateway network; do
  deadline=$((SECONDS + START_PERIOD))
  until [[ "$(docker inspect --format '{{.State.Health.Status}}' "smoke-port-$service")" == healthy ]]; do
    ((SECONDS < deadline)) || { docker logs --tail 20 "smoke-port-$service" >&2; fail "$service with PORT=9099 not healthy"; }
    sleep 3
  done
  # Probed with the image's own HealthProbe (the images have no curl, and need no shell): exit 0 = 200 on that port.
  probe=(docker exec -e PORT=9099 "smoke-port-$service" java -XX:TieredStopAtLevel=1 -Xmx16m -XX:-UsePerfData -cp /app/probe HealthProbe)
  "${probe[@]}" >"$WORK/port-$service.probe" 2>&1 || { cat "$WORK/port-$service.probe" >&2; fail "$service with PORT=9099: /health/ready on 9099 not 200"; }
  docker cp "smoke-port-$service:/app/service.env" "$WORK/service-$service.env" >/dev/null
  default_port="$(sed -n 's/^SYMBIA_SERVICE_PORT=//p' "$WORK/service-$service.env")"
  [[ -n "$default_port" ]] || fail "$service: no SYMBIA_SERVICE_PORT in /app/service.env"
  if docker exec -e PORT="$default_port" "smoke-port-$service" java -XX:TieredStopAtLevel=1 -Xmx16m -XX:-UsePerfData \
      -cp /app/probe HealthProbe >/dev/null 2>&1; then
    fail "$service with PORT=9099 still answers on $default_port"
  fi
  ok "$service: PORT=9099 listened on, image healthcheck healthy there, nothing on $default_port"
  docker rm -f "smoke-port-$service" >/dev/null
done

step "compose restart postgres"
"${COMPOSE[@]}" restart postgres >"$WORK/restart.log" 2>&1 || { cat "$WORK/restart.log" >&2; fail "restart postgres"; }
deadline=$((SECONDS + HEALTH_TIMEOUT))
until curl -fsS -o "$WORK/health.json" "$BASE/api/health" 2>/dev/null; do
  ((SECONDS < deadline)) || fail "GET /api/health not 200 again after restarting postgres"
  sleep 3
done
ok "platform healthy again $(($(date +%s) - $(date -d "$(docker inspect --format '{{.State.StartedAt}}' "$(container postgres)")" +%s))) s after postgres restarted"
chat "$TOKEN" after-postgres-restart
restarts="$(for s in "${SERVICES[@]}"; do printf '%s=%s ' "$s" "$(docker inspect --format '{{.RestartCount}}' "$(container "$s")")"; done)"
ok "container restarts: $restarts"
