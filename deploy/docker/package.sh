#!/bin/sh
# Build step of the Dockerfile, after `mvnw package`: for each module named, checks that it is one of
# the ten images, unpacks its executable jar into Spring Boot's layers under /workspace/extracted/<module>/
# and records its default port (SPEC §1, dev.symbia.core.SymbiaService) for the healthcheck.
#
#   sh deploy/docker/package.sh <module>...
set -eu

port_of() {
  case "$1" in
    identity) echo 5001 ;;
    logging) echo 5002 ;;
    catalog) echo 5003 ;;
    assistants) echo 5004 ;;
    messaging) echo 5005 ;;
    runtime) echo 5006 ;;
    integrations) echo 5007 ;;
    models) echo 5008 ;;
    network) echo 5054 ;;
    gateway) echo 8080 ;;
    *) return 1 ;;
  esac
}

# Fails before the long Maven build when called with --check.
if [ "${1:-}" = --check ]; then
  shift
  for module in "$@"; do
    port_of "$module" >/dev/null || {
      echo "error: build with --build-arg SERVICE=<module>, one of: identity logging catalog" \
           "assistants messaging runtime integrations models network gateway (got '$module')" >&2
      exit 1
    }
  done
  exit 0
fi

for module in "$@"; do
  port="$(port_of "$module")" || { echo "error: unknown module '$module'" >&2; exit 1; }
  jar="$module/target/$module.jar"
  if [ ! -f "$jar" ]; then
    echo "error: $jar was not built; a runnable module needs src/main/resources/application.yml" >&2
    exit 1
  fi
  out="/workspace/extracted/$module"
  java -Djarmode=tools -jar "$jar" extract --layers --application-filename app.jar --destination "$out"
  # In the application layer: the smallest one, copied last.
  printf 'SYMBIA_SERVICE=%s\nSYMBIA_SERVICE_PORT=%s\n' "$module" "$port" > "$out/application/service.env"
done
