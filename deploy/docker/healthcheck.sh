#!/bin/sh
# Container healthcheck: healthy when the service answers GET /health/ready with 200, which for the
# nine services includes their database. Used by the image's HEALTHCHECK and by docker-compose.yml.
#
# It probes the port the service itself chose, by the same rule: <SERVICE>_PORT, then PORT, then
# the service's default port (written to /app/service.env when the image was built).
set -eu

# shellcheck source=/dev/null  # written by the Dockerfile: SYMBIA_SERVICE, SYMBIA_SERVICE_PORT
. /app/service.env

port="$(printenv "$(printf '%s' "$SYMBIA_SERVICE" | tr '[:lower:]' '[:upper:]')_PORT" || true)"
port="${port:-${PORT:-$SYMBIA_SERVICE_PORT}}"

exec curl --fail --silent --show-error --max-time 4 --output /dev/null \
  "http://127.0.0.1:${port}/health/ready"
