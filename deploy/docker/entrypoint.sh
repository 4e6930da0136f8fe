#!/bin/sh
# Container entrypoint of every Symbia image: runs the service's unpacked Spring Boot jar.
#
# Container-aware JVM defaults: the heap follows the container's memory limit, and an
# OutOfMemoryError ends the process so the orchestrator restarts it instead of leaving it half-dead.
# SYMBIA_JAVA_OPTS is appended, and a later option wins over an earlier one, so it can both add
# options and override these (e.g. SYMBIA_JAVA_OPTS="-Xmx512m" or "-XX:MaxRAMPercentage=60").
#
# The listen port is the service's own business: <SERVICE>_PORT, then PORT, then its default.
set -eu
set -f   # SYMBIA_JAVA_OPTS is split into words below; never glob them against the file system

# shellcheck disable=SC2086  # word splitting of SYMBIA_JAVA_OPTS is intended
exec java \
  -XX:MaxRAMPercentage=75 \
  -XX:+ExitOnOutOfMemoryError \
  ${SYMBIA_JAVA_OPTS:-} \
  -jar /app/app.jar "$@"
