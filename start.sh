#!/usr/bin/env bash
# Runs the whole Symbia stack on this machine (SPEC §9): builds what is stale, starts the embedded
# PostgreSQL (unless DATABASE_URL is set), the nine services in dependency order and the gateway,
# waits until every one is ready and prints the URLs. See ./start.sh --help.
#
# Written for bash 3.2 too (macOS): no associative arrays, no mapfile, no ${x,,}.
set -euo pipefail

CALLER_DIR="$PWD"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
# shellcheck source=scripts/find-java.sh
source "$ROOT/scripts/find-java.sh"

# Start order: each wave starts together once the previous one is ready. identity, network and
# logging are what everyone else calls at startup; runtime, assistants and models call the second wave.
WAVES=("identity network logging" "catalog messaging integrations" "runtime assistants models" "gateway")
SERVICES="identity network logging catalog messaging integrations runtime assistants models"
APPS="$SERVICES gateway"

READY_TIMEOUT="${SYMBIA_START_TIMEOUT:-120}"   # seconds per service to become ready
STOP_TIMEOUT="${SYMBIA_STOP_TIMEOUT:-60}"      # graceful shutdown (+ writing the CDS archive) before SIGKILL
PG_TIMEOUT=120                                 # first run unpacks the binaries and runs initdb
PG_BINARIES_NEEDED_MB=60                       # the unpacked PostgreSQL binaries
for _t in "$READY_TIMEOUT" "$STOP_TIMEOUT"; do
  [[ "$_t" =~ ^[0-9]{1,5}$ ]] || { echo "error: SYMBIA_START_TIMEOUT/SYMBIA_STOP_TIMEOUT must be seconds, got '$_t'" >&2; exit 2; }
done
READY_TIMEOUT=$((10#$READY_TIMEOUT)) STOP_TIMEOUT=$((10#$STOP_TIMEOUT))

usage() {
  cat <<'EOF'
Usage: ./start.sh [options]          start the stack (foreground: Ctrl-C stops everything)
       ./start.sh stop [NAME]        stop a stack started with --detach (or only its process NAME)
       ./start.sh status             show the state of each process
       ./start.sh restart NAME       stop and start one process of a running stack (postgres, a service, gateway)

Options:
  -d, --detach     return once everything is ready; stop later with ./start.sh stop
  --no-build       do not build, use the jars as they are
  --new            wipe local data first (embedded database and logs; asks for confirmation)
  -y, --yes        do not ask (for --new)
  -h, --help       this help

Environment:
  SYMBIA_HOME          state directory (default ./.symbia): pgdata/, logs/, run/, secrets.env
  DATABASE_URL         use this PostgreSQL instead of the embedded one (postgres:// or jdbc:postgresql://)
  SYMBIA_PG_PORT       embedded PostgreSQL port (default 15432)
  SYMBIA_PG_BINARIES   where the PostgreSQL binaries are unpacked on first use (default $SYMBIA_HOME/pg-binaries)
  GATEWAY_PORT         gateway port (default 8080); <SERVICE>_PORT for each service (IDENTITY_PORT=5001 ...)
  GATEWAY_ADDRESS      interface the gateway listens on (default 127.0.0.1; 0.0.0.0 to reach it from other
                       machines). The services always listen on 127.0.0.1: only the gateway is a way in.
  SYMBIA_JAVA_OPTS     JVM options for every service, replacing the lean defaults
  SYMBIA_START_TIMEOUT seconds a service may take to become ready (default 120)
  SYMBIA_CDS=off       no class-data sharing archives (they make warm starts ~3x faster; ~60 MB each)
  Anything else in the environment (SAMBANOVA_API_KEY, SYMBIA_ENV, ...) reaches every service.
  Dev secrets (SESSION_SECRET, NETWORK_HASH_SECRET, INTERNAL_SERVICE_SECRET, CREDENTIAL_ENCRYPTION_KEY)
  are generated once into $SYMBIA_HOME/secrets.env; values set in the environment win.
  First run in a terminal: asks for the first super admin (or set SYMBIA_ADMIN_EMAIL and
  SYMBIA_ADMIN_PASSWORD); otherwise the first user to register becomes super admin.
EOF
}

# ---------------------------------------------------------------------------------------------
# Small helpers

# Output never decides the stack's fate: with SIGPIPE ignored (see cmd_start) a closed terminal or
# `| head` makes these fail quietly instead of killing start.sh between two processes.
say()  { printf '%s\n' "$*" 2>/dev/null || true; }
warn() { printf '%s\n' "$*" >&2 2>/dev/null || true; }
ready_line() { say "$(printf '  \342\234\223 %-13s ready on :%s (%s)' "$1" "$2" "$3")"; }
die()  { warn "error: $*"; exit 1; }

upper() { printf '%s' "$1" | tr '[:lower:]' '[:upper:]'; }

# Milliseconds since the epoch; EPOCHREALTIME (bash 5) gives sub-second progress times for free.
now_ms() {
  if [[ -n "${EPOCHREALTIME:-}" ]]; then
    local t="${EPOCHREALTIME//[!0-9]/}"
    printf '%s\n' "$((10#$t / 1000))"
  else
    printf '%s\n' "$(($(date +%s) * 1000))"
  fi
}

# "4.2 s" from a start time in ms.
elapsed() {
  local ms=$(($(now_ms) - $1))
  printf '%d.%d s' "$((ms / 1000))" "$((ms % 1000 / 100))"
}

default_port() {
  case "$1" in
    identity) echo 5001 ;; logging) echo 5002 ;; catalog) echo 5003 ;; assistants) echo 5004 ;;
    messaging) echo 5005 ;; runtime) echo 5006 ;; integrations) echo 5007 ;; models) echo 5008 ;;
    network) echo 5054 ;; gateway) echo 8080 ;; postgres) echo 15432 ;;
    *) return 1 ;;
  esac
}

# The port a process of this stack uses: <NAME>_PORT (SYMBIA_PG_PORT for postgres) or the default.
port_of() {
  local var value
  if [[ "$1" == postgres ]]; then var=SYMBIA_PG_PORT; else var="$(upper "$1")_PORT"; fi
  value="${!var:-}"
  if [[ -z "$value" ]]; then
    default_port "$1"
    return
  fi
  if ! [[ "$value" =~ ^[0-9]{1,5}$ ]] || ((10#$value < 1 || 10#$value > 65535)); then
    die "$var must be a port number, got '$value'"
  fi
  value=$((10#$value))
  printf '%s\n' "$value"
}

jar_of() {
  case "$1" in
    postgres) echo "$ROOT/tools/devdb/target/symbia-devdb.jar" ;;
    *) echo "$ROOT/$1/target/$1.jar" ;;
  esac
}

module_of() {
  case "$1" in
    postgres) echo "tools/devdb" ;;
    *) echo "$1" ;;
  esac
}

pid_file() { echo "$RUN_DIR/$1.pid"; }

# Pid of a process of *this* stack, or nothing. The marker on the command line guards against a
# stale pid file whose pid now belongs to some unrelated process (after a reboot, say).
running_pid() {
  local file pid args
  file="$(pid_file "$1")"
  [[ -f "$file" ]] || return 1
  pid="$(cat "$file" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  args="$(ps -ww -o args= -p "$pid" 2>/dev/null || true)"
  case "$args" in
    *"-Dsymbia.process=$1 "*) ;;
    *) return 1 ;;
  esac
  case "$args" in
    *"-Dsymbia.home=$SYMBIA_HOME "*) printf '%s\n' "$pid" ;;
    *) return 1 ;;
  esac
}

# The postmaster survives its launcher JVM if that one is SIGKILLed: it is found through the
# data directory's postmaster.pid and must be stopped as well.
postmaster_pid() {
  local file="$PG_DATA/postmaster.pid" pid
  [[ -f "$file" ]] || return 1
  pid="$(head -n 1 "$file" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  case "$(ps -ww -o args= -p "$pid" 2>/dev/null || true)" in
    *postgres*"$PG_DATA"*) printf '%s\n' "$pid" ;;
    *) return 1 ;;
  esac
}

http_status() {
  local url="$1"
  if command -v curl >/dev/null 2>&1; then
    # --noproxy: an http_proxy in the environment must not intercept calls to our own loopback ports.
    curl -s --noproxy '*' -o /dev/null -w '%{http_code}' --connect-timeout 1 --max-time 3 "$url" 2>/dev/null || true
  else
    # Minimal HTTP/1.0 GET over bash's /dev/tcp for machines without curl.
    local hostport="${url#http://}" path
    path="/${hostport#*/}"
    hostport="${hostport%%/*}"
    (
      exec 3<>"/dev/tcp/${hostport%:*}/${hostport##*:}" || exit 0
      printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$path" "$hostport" >&3
      head -n 1 <&3 | sed -n 's/^HTTP\/[0-9.]* \([0-9]*\).*/\1/p'
    ) 2>/dev/null || true
  fi
}

# Who listens on a port ("" when free). ss/lsof see every listener; /dev/tcp is the last resort.
port_user() {
  local port="$1" out pid="" cmd=""
  if command -v ss >/dev/null 2>&1; then
    out="$(ss -Hltnp "( sport = :$port )" 2>/dev/null || true)"
    [[ -n "$out" ]] || return 0
    pid="$(printf '%s\n' "$out" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n 1)"
  elif command -v lsof >/dev/null 2>&1; then
    out="$(lsof -nP -iTCP:"$port" -sTCP:LISTEN -Fp 2>/dev/null || true)"
    [[ -n "$out" ]] || return 0
    pid="$(printf '%s\n' "$out" | sed -n 's/^p//p' | head -n 1)"
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || return 0
  fi
  if [[ -n "$pid" ]]; then
    cmd="$(ps -ww -o args= -p "$pid" 2>/dev/null | cut -c 1-100 || true)"
    printf 'pid %s: %s\n' "$pid" "${cmd:-?}"
  else
    printf 'another process\n'
  fi
}

# Whether the process listening on a port is the given pid: a 200 from /health/ready proves
# nothing if something else grabbed the port after check_ports (our process then dies on bind).
# True when ss/lsof cannot tell (another user's process, or neither tool installed).
listens_on() {
  local port="$1" pid="$2" out
  if command -v ss >/dev/null 2>&1; then
    out="$(ss -Hltnp "( sport = :$port )" 2>/dev/null || true)"
    case "$out" in
      *"pid=$pid,"*) return 0 ;;
      *pid=*) return 1 ;;
    esac
  elif command -v lsof >/dev/null 2>&1; then
    out="$(lsof -nP -iTCP:"$port" -sTCP:LISTEN -Fp 2>/dev/null || true)"
    [[ -z "$out" ]] && return 0
    printf '%s\n' "$out" | grep -qx "p$pid"
    return
  fi
  return 0
}

# Its own session, so a Ctrl-C in the terminal reaches only start.sh, which then stops everything
# in order (PostgreSQL last), and a detached stack survives the terminal closing.
detached() {
  # exec: the caller runs this in the background and records $! as the JVM's pid.
  if command -v setsid >/dev/null 2>&1; then
    exec setsid "$@"
  elif command -v perl >/dev/null 2>&1; then
    exec perl -MPOSIX -e 'POSIX::setsid(); exec @ARGV or die "exec: $!"' "$@"
  else
    exec nohup "$@"
  fi
}

log_tail() {
  local log="$LOG_DIR/$1.log" first
  if [[ -s "$log" ]]; then
    # A Java failure's cause is at its top; the tail is often just stack frames.
    first="$(grep -m 8 -A 2 -E 'ERROR|APPLICATION FAILED|Caused by:|Exception:|Description:|Action:|^[A-Za-z]' "$log" 2>/dev/null \
      | grep -v -E '^[[:space:]]+at |^--$' | head -n 12 || true)"
    if [[ -n "$first" ]]; then
      warn "  ---- first error lines of $log ----"
      printf '%s\n' "$first" | cut -c 1-300 | sed 's/^/  | /' >&2
    fi
    warn "  ---- last lines of $log ----"
    tail -n "${2:-40}" "$log" | sed 's/^/  | /' >&2
    warn "  ----"
  else
    warn "  (no output in $log)"
  fi
}

# ---------------------------------------------------------------------------------------------
# Stopping

# TERM the named processes together, wait up to the timeout, then KILL what is left.
stop_processes() {
  local name pid pids="" deadline
  for name in "$@"; do
    if pid="$(running_pid "$name")"; then
      kill -TERM "$pid" 2>/dev/null || true
      pids="$pids $pid"
    fi
  done
  [[ -n "$pids" ]] || return 0
  deadline=$(($(now_ms) + STOP_TIMEOUT * 1000))
  while :; do
    local alive=""
    for pid in $pids; do
      if kill -0 "$pid" 2>/dev/null; then alive="$alive $pid"; fi
    done
    pids="$alive"
    [[ -n "$pids" ]] || break
    if [[ "$(now_ms)" -ge "$deadline" ]]; then
      warn "  still running after ${STOP_TIMEOUT}s, killing:$pids"
      # shellcheck disable=SC2086  # a list of pids
      kill -KILL $pids 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
}

# A postmaster that outlived its launcher (SIGKILLed): a fast shutdown ("smart" would wait for
# clients that no longer exist), then KILL after 10 s.
stop_postmaster() {
  local pid i=0
  pid="$(postmaster_pid)" || return 0
  kill -INT "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && [[ $i -lt 100 ]]; do sleep 0.1; i=$((i + 1)); done
  kill -KILL "$pid" 2>/dev/null || true
}

# The front door first so nothing new comes in, then the services together (each drains its own
# requests), then the database they were using.
stop_stack() {
  local name pid
  stop_processes gateway
  # shellcheck disable=SC2086
  stop_processes $SERVICES
  stop_processes postgres
  stop_postmaster
  for name in postgres $APPS; do
    rm -f "$(pid_file "$name")"
  done
  rm -f "$RUN_DIR/start.pid"
}

# Names of processes of this stack that are running now.
running_names() {
  local name found=""
  for name in postgres $APPS; do
    if running_pid "$name" >/dev/null; then found="$found $name"; fi
  done
  if postmaster_pid >/dev/null; then
    case "$found" in *postgres*) ;; *) found="$found postgres(postmaster)" ;; esac
  fi
  printf '%s\n' "${found# }"
}

cmd_stop() {
  local running pid
  if [[ -n "$STOP_NAME" ]]; then
    case " postgres $APPS " in
      *" $STOP_NAME "*) ;;
      *) die "stop needs one of: postgres $APPS (got '$STOP_NAME')" ;;
    esac
    say "Stopping $STOP_NAME (the rest keeps running; ./start.sh restart $STOP_NAME brings it back)"
    stop_processes "$STOP_NAME"
    [[ "$STOP_NAME" != postgres ]] || stop_postmaster
    rm -f "$(pid_file "$STOP_NAME")"
    say "Stopped $STOP_NAME."
    return 0
  fi
  running="$(running_names)"
  if [[ -z "$running" ]]; then
    say "Nothing is running (SYMBIA_HOME=$SYMBIA_HOME)."
    stop_stack   # clears stale pid files
    return 0
  fi
  say "Stopping: $running"
  stop_stack
  running="$(running_names)"
  [[ -z "$running" ]] || die "still running after stop: $running"
  say "Stopped."
}

cmd_status() {
  local name pid port code state all_ready=1
  say "Symbia stack (SYMBIA_HOME=$SYMBIA_HOME)"
  for name in postgres $APPS; do
    port="$(cat "$RUN_DIR/$name.port" 2>/dev/null || port_of "$name")"
    if pid="$(running_pid "$name")"; then
      if [[ "$name" == postgres ]]; then
        state="running"
      else
        code="$(http_status "http://127.0.0.1:$port/health/ready")"
        case "$code" in
          200) state="ready" ;;
          503) state="not ready"; all_ready=0 ;;
          *) state="starting"; all_ready=0 ;;
        esac
      fi
      printf '  %-13s %-10s :%-6s pid %s\n' "$name" "$state" "$port" "$pid"
    elif [[ "$name" == postgres ]] && pid="$(postmaster_pid)"; then
      printf '  %-13s %-10s :%-6s pid %s (its launcher is gone: ./start.sh stop cleans up)\n' "$name" "running" "$port" "$pid"
      all_ready=0
    elif [[ "$name" == postgres && -f "$RUN_DIR/postgres.external" ]]; then
      printf '  %-13s %s\n' "$name" "external (DATABASE_URL)"
    else
      printf '  %-13s %s\n' "$name" "stopped"
      all_ready=0
    fi
  done
  [[ "$all_ready" -eq 1 ]]
}

# ---------------------------------------------------------------------------------------------
# Building

# A module is stale when its jar is missing or anything it is built from is newer than the jar.
# The jars themselves carry the fixed project.build.outputTimestamp as their mtime (reproducible
# builds), so the comparison uses the plain jar that spring-boot:repackage keeps as *.jar.original.
is_stale() {
  local module="$1" jar ref path
  jar="$(jar_of "$2")"
  [[ -f "$jar" ]] || return 0
  ref="$jar"
  [[ -f "$jar.original" ]] && ref="$jar.original"
  for path in "$ROOT/$module/src" "$ROOT/$module/pom.xml" "$ROOT/pom.xml" "$ROOT/.mvn" \
              "$ROOT"/libs/*/src "$ROOT"/libs/*/pom.xml; do
    [[ -e "$path" ]] || continue
    if [[ -n "$(find "$path" -newer "$ref" -print 2>/dev/null | head -n 1)" ]]; then
      return 0
    fi
  done
  return 1
}

build_stale() {
  local name stale="" list
  for name in postgres $APPS; do
    if is_stale "$(module_of "$name")" "$name"; then stale="$stale,$(module_of "$name")"; fi
  done
  stale="${stale#,}"
  [[ -n "$stale" ]] || return 0
  list="${stale//,/, }"
  say "Building $list (./mvnw package -DskipTests; the first build downloads dependencies)..."
  local t0
  t0="$(now_ms)"
  if ! ./mvnw -B -ntp -q package -DskipTests -pl "$stale" -am; then
    die "the build failed (see above). Fix it, or run with --no-build to use the jars as they are."
  fi
  say "  built in $(elapsed "$t0")"
}

check_jars() {
  local name jar missing=0
  for name in "$@"; do
    jar="$(jar_of "$name")"
    if [[ ! -f "$jar" ]]; then
      warn "error: ${jar#"$ROOT"/} is missing: the $(module_of "$name") module did not produce its jar."
      missing=1
    fi
  done
  if [[ "$missing" -eq 1 ]]; then
    warn "       Build it with: ./mvnw -B -ntp package -DskipTests   (or run ./start.sh without --no-build)"
    exit 1
  fi
}

# ---------------------------------------------------------------------------------------------
# Secrets and environment

SECRET_NAMES="SESSION_SECRET NETWORK_HASH_SECRET INTERNAL_SERVICE_SECRET CREDENTIAL_ENCRYPTION_KEY"

random_hex() {
  if command -v openssl >/dev/null 2>&1; then
    openssl rand -hex 32
  elif command -v xxd >/dev/null 2>&1; then
    head -c 32 /dev/urandom | xxd -p -c 64
  else
    head -c 32 /dev/urandom | od -An -v -tx1 | tr -d ' \n'
    echo
  fi
}

# Dev secrets: generated once into secrets.env (mode 600) and reused, so tokens, signing keys and
# vault entries stay valid across restarts. Values already in the environment win.
load_secrets() {
  local file="$SYMBIA_HOME/secrets.env" name value
  if [[ ! -f "$file" ]]; then
    (umask 077 && printf '# Development secrets generated by start.sh; never use them in production.\n' >"$file")
  fi
  chmod 600 "$file"
  for name in $SECRET_NAMES; do
    [[ -z "${!name:-}" ]] || continue
    value="$(sed -n "s/^$name=\\([0-9a-fA-F]*\\)\$/\\1/p" "$file" | tail -n 1)"
    if [[ -z "$value" ]]; then
      value="$(random_hex)"
      [[ "$value" =~ ^[0-9a-f]{64}$ ]] || die "could not generate a random secret (need openssl, xxd or od)"
      printf '%s=%s\n' "$name" "$value" >>"$file"
    fi
    export "$name=$value"
  done
}

export_environment() {
  local name port
  export SYMBIA_ENV="${SYMBIA_ENV:-development}"
  # A generic PORT (Railway's convention) or SERVER_PORT (Spring's) would make all ten processes
  # try the same port; each gets its own <SERVICE>_PORT instead.
  unset PORT SERVER_PORT
  for name in $SERVICES; do
    port="$(port_of "$name")"
    export "$(upper "$name")_PORT=$port"
    export "$(upper "$name")_SERVICE_URL=http://127.0.0.1:$port"
  done
  GATEWAY_PORT="$(port_of gateway)"
  export GATEWAY_PORT
  if [[ "$USE_EMBEDDED_PG" -eq 1 ]]; then
    DATABASE_URL="postgres://postgres@127.0.0.1:$(port_of postgres)/postgres"
    export DATABASE_URL
  fi
}

# First run in a terminal: offer to create the first super admin (SPEC §3). Without an answer (or
# with no terminal) the first user to register becomes super admin. Asked once per SYMBIA_HOME;
# SYMBIA_ADMIN_EMAIL / SYMBIA_ADMIN_PASSWORD in the environment skip the question.
ask_admin() {
  local marker="$SYMBIA_HOME/admin-asked" email password again
  [[ -z "${SYMBIA_ADMIN_EMAIL:-}" && ! -f "$marker" && -t 0 && -t 1 && -z "${CI:-}" ]] || return 0
  : >"$marker"
  say "First run: create the platform's super admin now? (Enter to skip: the first user to register becomes super admin.)"
  read -r -p "  Admin email: " email || return 0
  [[ -n "$email" ]] || return 0
  while :; do
    read -r -s -p "  Password (8+ characters): " password || return 0
    say ""
    read -r -s -p "  Repeat password: " again || return 0
    say ""
    if [[ ${#password} -lt 8 ]]; then
      warn "  too short"
    elif [[ "$password" != "$again" ]]; then
      warn "  passwords differ"
    else
      break
    fi
  done
  ADMIN_EMAIL="$email" ADMIN_PASSWORD="$password"
}

# The SYMBIA_HOME of a process of some Symbia stack ("" for anything else), from port_user's "pid N: ...".
stack_home_of() {
  local pid args
  pid="$(printf '%s\n' "$1" | sed -n 's/^pid \([0-9]*\):.*/\1/p')"
  [[ -n "$pid" ]] || return 0
  args="$(ps -ww -o args= -p "$pid" 2>/dev/null || true)"
  case "$args" in
    *"-Dsymbia.home="*) args="${args#*-Dsymbia.home=}"; printf '%s\n' "${args%% -*}" ;;
    # A postmaster whose launcher is gone: its data directory is <SYMBIA_HOME>/pgdata.
    *"/bin/postgres -D "*"/pgdata"*) args="${args#*/bin/postgres -D }"; printf '%s\n' "${args%%/pgdata*}" ;;
    *) ;;
  esac
}

# Free space where the state lives: a full disk otherwise shows up as some process's obscure crash.
check_disk() {
  local free_kb need_mb=$((PG_BINARIES_NEEDED_MB + 300))
  free_kb="$(df -Pk "$SYMBIA_HOME" 2>/dev/null | awk 'NR == 2 { print $4 }')"
  [[ "$free_kb" =~ ^[0-9]+$ ]] || return 0
  if ((free_kb / 1024 < need_mb)); then
    die "only $((free_kb / 1024)) MB free on the disk of $SYMBIA_HOME; the stack needs about $need_mb MB (database, logs, class-data archives). Free some space or point SYMBIA_HOME elsewhere."
  fi
}

check_ports() {
  local name port user other busy=0 seen=" " stale="" stale_ports=""
  for name in postgres $APPS; do
    [[ "$name" != postgres || "$USE_EMBEDDED_PG" -eq 1 ]] || continue
    port="$(port_of "$name")"
    other="$(printf '%s\n' "$seen" | tr ' ' '\n' | sed -n "s/^$port=//p")"
    if [[ -n "$other" ]]; then
      warn "error: port $port is configured for both $other and $name; check the *_PORT variables."
      busy=1
      continue
    fi
    seen="$seen$port=$name "
    user="$(port_user "$port")"
    if [[ -n "$user" ]]; then
      other="$(stack_home_of "$user")"
      if [[ -n "$other" ]]; then
        # Said once per stack below, not once per port.
        stale="$other"
        stale_ports="$stale_ports $port"
      else
        warn "error: port $port ($name) is already in use by $user"
        busy=1
      fi
    fi
  done
  if [[ -n "$stale" ]]; then
    stale_ports="${stale_ports# }"
    warn "error: another Symbia stack is still running from $stale (ports ${stale_ports// /, }):"
    warn "       stop it with: SYMBIA_HOME=$stale ./start.sh stop"
    warn "       (or run this one on other ports: GATEWAY_PORT, <SERVICE>_PORT, SYMBIA_PG_PORT)"
    exit 1
  elif [[ "$busy" -eq 1 ]]; then
    warn "       Free the port (a stack started with --detach stops with ./start.sh stop) or choose others:"
    warn "       GATEWAY_PORT, <SERVICE>_PORT (e.g. IDENTITY_PORT=6001), SYMBIA_PG_PORT."
    exit 1
  fi
}

# ---------------------------------------------------------------------------------------------
# Starting

# Lean JVMs: ten of them share two cores and a laptop's memory. C1 only and SerialGC start fastest
# and stay small; these are development processes, not benchmarks.
default_java_opts() {
  echo "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms32m -Xmx256m -Xss512k -XX:MaxMetaspaceSize=192m -XX:ReservedCodeCacheSize=48m -XX:-UsePerfData"
}

# JAVA_OPTS and USE_CDS for the services. Class-data sharing: each JVM writes an archive of the classes
# it loaded when it exits and maps it on the next start, which cuts a warm start to about a third.
# SYMBIA_CDS=off for one-off stacks (the e2e tests), where the ~60 MB per service archive would only
# cost time and disk.
java_options() {
  if [[ -n "${SYMBIA_JAVA_OPTS:-}" ]]; then
    read -r -a JAVA_OPTS <<<"$SYMBIA_JAVA_OPTS"
  else
    read -r -a JAVA_OPTS <<<"$(default_java_opts)"
  fi
  case "${SYMBIA_CDS:-on}" in
    off | false | 0 | no) USE_CDS=0 ;;
    *) USE_CDS=1 ;;
  esac
}

# Spring Boot jars start faster unpacked (a plain class path instead of nested jars: ~30% less CPU,
# more than the unpacking costs), and only then can CDS archive the application's classes.
# A jar is unpacked again whenever it changes.
unpack_apps() {
  local name jar stamp dir todo=""
  for name in $APPS; do
    dir="$APP_DIR/$name"
    if [[ ! -f "$dir/.stamp" || "$(cat "$dir/.stamp")" != "$(jar_stamp "$(jar_of "$name")")" || ! -f "$dir/$name.jar" ]]; then
      todo="$todo $name"
    fi
  done
  [[ -n "$todo" ]] || return 0
  say "Unpacking${todo} (once per build)..."
  for name in $todo; do
    jar="$(jar_of "$name")"
    dir="$APP_DIR/$name"
    stamp="$(jar_stamp "$jar")"
    rm -rf "$dir"
    mkdir -p "$dir"
    if ! "$JAVA" -Djarmode=tools -jar "$jar" extract --destination "$dir" --force >"$dir/.extract.log" 2>&1; then
      warn "error: could not unpack $jar:"
      cat "$dir/.extract.log" >&2
      exit 1
    fi
    # The jar entries all carry the fixed build timestamp; fresh mtimes let the JVM notice that a
    # CDS archive made from an older build no longer matches. The archive goes too, to be sure.
    find "$dir" -name '*.jar' -exec touch {} +
    rm -f "$CDS_DIR/$name.jsa"
    printf '%s' "$stamp" >"$dir/.stamp"
  done
}

# Changes whenever the file is rewritten (ctime cannot be set back, unlike the reproducible mtime).
jar_stamp() {
  local s
  s="$(stat -c '%Z %s' "$1" 2>/dev/null || stat -f '%c %z' "$1" 2>/dev/null || true)"
  [[ -n "$s" ]] || s="$(cksum <"$1")"
  printf '%s\n' "$s"
}

# Launches one process in the background, its output in logs/<name>.log, its pid in run/<name>.pid.
launch() {
  local name="$1" log
  shift
  log="$LOG_DIR/$name.log"
  [[ -f "$log" ]] && mv -f "$log" "$log.1"
  # The first super admin's credentials (asked for below) go to identity only, never to the others.
  if [[ "$name" == identity && -n "$ADMIN_EMAIL" ]]; then
    export SYMBIA_ADMIN_EMAIL="$ADMIN_EMAIL" SYMBIA_ADMIN_PASSWORD="$ADMIN_PASSWORD"
  fi
  detached "$JAVA" "-Dsymbia.process=$name" "-Dsymbia.home=$SYMBIA_HOME" "$@" </dev/null >"$log" 2>&1 &
  local pid=$! i=0
  if [[ "$name" == identity && -n "$ADMIN_EMAIL" ]]; then
    unset SYMBIA_ADMIN_EMAIL SYMBIA_ADMIN_PASSWORD
    ADMIN_EMAIL="" ADMIN_PASSWORD=""
  fi
  printf '%s\n' "$pid" >"$(pid_file "$name")"
  printf '%s\n' "$(port_of "$name")" >"$RUN_DIR/$name.port"
  STARTED=1
  # Until the background subshell has exec'd the JVM its command line lacks the marker that
  # running_pid looks for; wait for it so a stop right now cannot miss this process.
  while [[ $i -lt 100 ]] && kill -0 "$pid" 2>/dev/null && ! running_pid "$name" >/dev/null; do
    sleep 0.05
    i=$((i + 1))
  done
}

start_postgres() {
  local port t0 pid pg_opts
  port="$(port_of postgres)"
  t0="$(now_ms)"
  mkdir -p "$PG_DATA"
  # The launcher's JVM flags live in one file that its tests read too (they run it exactly like this).
  read -r -a pg_opts <"$ROOT/tools/devdb/jvm.options"
  if [[ ! -f "$PG_BINARIES/.unpacked-once" ]]; then
    say "  - postgres      first start here: unpacking its binaries into $PG_BINARIES (once)"
  fi
  SYMBIA_PG_DATA="$PG_DATA" SYMBIA_PG_PORT="$port" SYMBIA_PG_BINARIES="$PG_BINARIES" \
    launch postgres "${pg_opts[@]}" -jar "$(jar_of postgres)"
  pid="$(cat "$(pid_file postgres)")"
  while :; do
    if grep -q "PostgreSQL ready on" "$LOG_DIR/postgres.log" 2>/dev/null; then
      : >"$PG_BINARIES/.unpacked-once"
      ready_line postgres "$port" "$(elapsed "$t0")"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      fail_start postgres "the process exited"
    fi
    if [[ $(($(now_ms) - t0)) -ge $((PG_TIMEOUT * 1000)) ]]; then
      fail_start postgres "not ready after ${PG_TIMEOUT}s"
    fi
    sleep 0.2
  done
}

start_wave() {
  local name jar pending="" t0 deadline port pid
  for name in "$@"; do
    jar="$APP_DIR/$name/$name.jar"
    local cds_opts=()
    if [[ "$USE_CDS" -eq 1 ]]; then
      # -Xlog off: a stale archive is expected after a rebuild and is silently recreated.
      cds_opts=(-XX:+AutoCreateSharedArchive "-XX:SharedArchiveFile=$CDS_DIR/$name.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)
    fi
    # ${a[@]+...}: an empty array is "unbound" to bash < 4.4 under set -u
    # Only the gateway is a way in: the services listen on loopback (their callers use 127.0.0.1 URLs).
    local address=127.0.0.1
    [[ "$name" != gateway ]] || address="$GATEWAY_ADDRESS"
    launch "$name" ${JAVA_OPTS[@]+"${JAVA_OPTS[@]}"} ${cds_opts[@]+"${cds_opts[@]}"} "-Dserver.address=$address" -jar "$jar"
    pending="$pending $name"
    eval "T0_$name=$(now_ms)"
  done
  t0="$(now_ms)"
  deadline=$((t0 + READY_TIMEOUT * 1000))
  while [[ -n "$pending" ]]; do
    local still=""
    for name in $pending; do
      port="$(port_of "$name")"
      pid="$(cat "$(pid_file "$name")")"
      if ! kill -0 "$pid" 2>/dev/null; then
        fail_start "$name" "the process exited during startup"
      elif [[ "$(http_status "http://127.0.0.1:$port/health/ready")" == 200 ]] && listens_on "$port" "$pid"; then
        local started_var="T0_$name"
        ready_line "$name" "$port" "$(elapsed "${!started_var}")"
      else
        still="$still $name"
      fi
    done
    pending="$still"
    [[ -n "$pending" ]] || break
    if [[ "$(now_ms)" -ge "$deadline" ]]; then
      for name in $pending; do
        warn "  ✗ $name  not ready after ${READY_TIMEOUT}s"
        log_tail "$name" 30
      done
      fail_start "" ""
    fi
    sleep 0.3
  done
}

# Reports a failed start with the process's log tail, stops everything started so far, exits 1.
fail_start() {
  if [[ -n "$1" ]]; then
    warn "  ✗ $1  failed: $2"
    log_tail "$1" 40
  fi
  if [[ -n "$RESTARTING" ]]; then
    # A restart of one process leaves the rest of the stack as it was.
    warn "Restart of $RESTARTING failed; the rest of the stack keeps running."
    stop_processes "$RESTARTING"
  else
    warn "Start failed; stopping what was started."
    stop_stack
  fi
  STARTED=0
  exit 1
}

print_urls() {
  local gw name
  gw="http://localhost:$(port_of gateway)"
  say ""
  say "Symbia is ready ($(elapsed "$START_T0"))."
  say "  Gateway      $gw"
  say "  Health       $gw/api/health"
  say "  API docs     (Swagger UI of each service)"
  for name in $SERVICES; do
    say "$(printf '    %-13s http://localhost:%s/docs' "$name" "$(port_of "$name")")"
  done
  if [[ "$USE_EMBEDDED_PG" -eq 1 ]]; then
    say "  PostgreSQL   $DATABASE_URL"
  fi
  say "  Logs         ${LOG_DIR}/"
}

on_signal() {
  trap - INT TERM HUP
  say ""
  say "Stopping Symbia..."
  stop_stack
  STARTED=0
  say "Stopped."
  exit "$1"
}

on_exit() {
  # Any unexpected exit while starting (set -e, a failed command) must not leave half a stack.
  if [[ "${STARTED:-0}" -eq 1 && "${KEEP_RUNNING:-0}" -ne 1 ]]; then
    warn "start.sh exited unexpectedly; stopping what was started."
    stop_stack
  fi
}

wipe_data() {
  if [[ -n "$(running_names)" ]]; then
    die "a stack is running from $SYMBIA_HOME ($(running_names)); stop it first: ./start.sh stop"
  fi
  if [[ "$ASSUME_YES" -ne 1 ]]; then
    if [[ ! -t 0 ]]; then
      die "--new needs confirmation: run it in a terminal or add --yes"
    fi
    local answer=""
    read -r -p "Delete the local database and logs in $SYMBIA_HOME? [y/N] " answer || true
    case "$answer" in
      y | Y | yes | YES) ;;
      *) say "Nothing deleted."; exit 1 ;;
    esac
  fi
  rm -rf "$PG_DATA" "$LOG_DIR" "$RUN_DIR"
  say "Wiped $PG_DATA and $LOG_DIR (secrets.env is kept; delete it to get new dev secrets)."
  if [[ -n "${DATABASE_URL:-}" ]]; then
    say "note: DATABASE_URL is set: that database was not touched."
  fi
}

cmd_start() {
  trap '' PIPE
  START_T0="$(now_ms)"
  [[ "$NEW" -eq 0 ]] || wipe_data

  local name running
  # Validated here, in this shell: a die inside $(port_of ...) would only end a subshell.
  for name in postgres $APPS; do port_of "$name" >/dev/null; done
  running="$(running_names)"
  if [[ -n "$running" ]]; then
    die "a Symbia stack is already running from $SYMBIA_HOME ($running). Stop it with ./start.sh stop, or see ./start.sh status."
  fi
  stop_stack >/dev/null 2>&1 || true   # clears stale pid files

  USE_EMBEDDED_PG=1
  [[ -z "${DATABASE_URL:-}" ]] || USE_EMBEDDED_PG=0

  # Before the build: a taken port or a full disk is known in a second, not after minutes of compiling.
  check_ports
  check_disk
  if [[ "$BUILD" -eq 1 ]]; then
    build_stale
  fi
  if [[ "$USE_EMBEDDED_PG" -eq 1 ]]; then check_jars postgres; fi
  # shellcheck disable=SC2086
  check_jars $APPS

  mkdir -p "$LOG_DIR" "$RUN_DIR" "$APP_DIR" "$CDS_DIR"
  load_secrets
  export_environment
  ask_admin

  java_options

  trap on_exit EXIT
  trap 'on_signal 130' INT
  trap 'on_signal 143' TERM
  trap 'on_signal 129' HUP
  printf '%s\n' "$$" >"$RUN_DIR/start.pid"

  say "Starting Symbia (Java $(symbia_java_major "$JAVA_HOME") at $JAVA_HOME, SYMBIA_HOME=$SYMBIA_HOME)"
  unpack_apps
  rm -f "$RUN_DIR/postgres.external"
  if [[ "$USE_EMBEDDED_PG" -eq 1 ]]; then
    start_postgres
  else
    : >"$RUN_DIR/postgres.external"
    say "  - postgres      external (DATABASE_URL)"
  fi
  local wave
  for wave in "${WAVES[@]}"; do
    # shellcheck disable=SC2086
    start_wave $wave
  done
  print_urls

  if [[ "$DETACH" -eq 1 ]]; then
    KEEP_RUNNING=1
    rm -f "$RUN_DIR/start.pid"
    say "  Stop with    ./start.sh stop"
    return 0
  fi

  say "Press Ctrl-C to stop."
  local name reported=" "
  while :; do
    local alive=0
    for name in postgres $APPS; do
      if running_pid "$name" >/dev/null; then
        alive=1
      elif [[ -f "$(pid_file "$name")" ]]; then
        case "$reported" in
          *" $name "*) ;;
          *) warn "warning: $name stopped unexpectedly (see $LOG_DIR/$name.log)"; reported="$reported$name " ;;
        esac
      fi
    done
    if [[ "$alive" -eq 0 ]]; then
      say "Everything has stopped."
      STARTED=0
      return 0
    fi
    # sleep in the background so a signal is handled at once, not after the sleep
    sleep 2 &
    wait $! || true
  done
}

# One process of a running stack, stopped and started again exactly as start.sh started it (after a
# rebuild of that module, say, or to see the others ride out its absence).
cmd_restart() {
  local name="$1" port user pid
  case " postgres $APPS " in
    *" $name "*) ;;
    *) die "restart needs one of: postgres $APPS (got '${name}')" ;;
  esac
  [[ -n "$(running_names)" ]] || die "no stack is running from $SYMBIA_HOME; start one with ./start.sh --detach"
  USE_EMBEDDED_PG=1
  if [[ -f "$RUN_DIR/postgres.external" ]]; then
    USE_EMBEDDED_PG=0
    [[ "$name" != postgres ]] || die "this stack uses an external PostgreSQL (DATABASE_URL): restart it yourself"
    [[ -n "${DATABASE_URL:-}" ]] || die "this stack uses an external PostgreSQL: set DATABASE_URL as for its start"
  fi
  if [[ "$BUILD" -eq 1 ]]; then
    build_stale
  fi
  check_jars "$name"
  RESTARTING="$name"
  KEEP_RUNNING=1   # whatever happens here, the rest of the stack stays up
  trap '' PIPE
  say "Restarting $name (SYMBIA_HOME=$SYMBIA_HOME)"
  stop_processes "$name"
  [[ "$name" != postgres ]] || stop_postmaster
  port="$(port_of "$name")"
  user="$(port_user "$port")"
  [[ -z "$user" ]] || die "port $port ($name) is still in use by $user"
  load_secrets
  export_environment
  java_options
  if [[ "$name" == postgres ]]; then
    start_postgres
  else
    unpack_apps
    start_wave "$name"
  fi
  say "Restarted $name."
}

# ---------------------------------------------------------------------------------------------

ADMIN_EMAIL="" ADMIN_PASSWORD=""
COMMAND=start DETACH=0 BUILD=1 NEW=0 ASSUME_YES=0 STARTED=0 KEEP_RUNNING=0 USE_EMBEDDED_PG=1 USE_CDS=1
RESTARTING="" RESTART_NAME="" STOP_NAME=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    stop)
      COMMAND=stop
      # An optional process name: stop only that one.
      if [[ $# -ge 2 && "$2" != -* ]]; then STOP_NAME="$2"; shift; fi
      ;;
    status | start) COMMAND="$1" ;;
    restart)
      COMMAND=restart
      [[ $# -ge 2 ]] || { warn "restart needs a process name: postgres $APPS"; exit 2; }
      RESTART_NAME="$2"
      shift
      ;;
    -d | --detach) DETACH=1 ;;
    --no-build) BUILD=0 ;;
    --new | -n) NEW=1 ;;
    -y | --yes) ASSUME_YES=1 ;;
    -h | --help | help) usage; exit 0 ;;
    *) warn "unknown argument: $1"; usage >&2; exit 2 ;;
  esac
  shift
done

SYMBIA_HOME="${SYMBIA_HOME:-$ROOT/.symbia}"
[[ "$SYMBIA_HOME" == /* ]] || SYMBIA_HOME="$CALLER_DIR/$SYMBIA_HOME"
[[ "$COMMAND" != start ]] || mkdir -p "$SYMBIA_HOME"
# Absolute, so pid files, logs and the process markers mean the same from any directory.
if [[ -d "$SYMBIA_HOME" ]]; then SYMBIA_HOME="$(cd "$SYMBIA_HOME" && pwd)"; fi
export SYMBIA_HOME
LOG_DIR="$SYMBIA_HOME/logs"
RUN_DIR="$SYMBIA_HOME/run"
APP_DIR="$SYMBIA_HOME/app"
CDS_DIR="$SYMBIA_HOME/cds"
PG_DATA="$SYMBIA_HOME/pgdata"
PG_BINARIES="${SYMBIA_PG_BINARIES:-$SYMBIA_HOME/pg-binaries}"
[[ "$PG_BINARIES" == /* ]] || PG_BINARIES="$CALLER_DIR/$PG_BINARIES"
GATEWAY_ADDRESS="${GATEWAY_ADDRESS:-127.0.0.1}"

case "$COMMAND" in
  stop) cmd_stop ;;
  status) cmd_status ;;
  start)
    symbia_find_java || exit 1
    JAVA="$JAVA_HOME/bin/java"
    cmd_start
    ;;
  restart)
    symbia_find_java || exit 1
    JAVA="$JAVA_HOME/bin/java"
    cmd_restart "$RESTART_NAME"
    ;;
esac
