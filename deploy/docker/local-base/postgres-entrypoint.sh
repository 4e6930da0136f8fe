#!/bin/sh
# Entrypoint of the local PostgreSQL image (scripts/local-base-images.sh), a stand-in for the official
# postgres image where Docker Hub is out of reach. It keeps the parts of the official image's
# contract that docker-compose.yml and Testcontainers rely on:
#   - POSTGRES_PASSWORD (required), POSTGRES_USER (default postgres), POSTGRES_DB (default: the user);
#   - the cluster in PGDATA (/var/lib/postgresql/data), created on first start when it is empty;
#   - first start: a socket-only temporary server creates the database, then the real one starts
#     (so "database system is ready to accept connections" is logged twice, as Testcontainers expects,
#     and a TCP pg_isready only succeeds once the database exists);
#   - password (scram-sha-256) authentication over TCP from anywhere, listen on all addresses;
#   - the command is `postgres [options]`, or only options (`-c max_connections=200`).
# Not implemented: /docker-entrypoint-initdb.d scripts, POSTGRES_INITDB_ARGS, POSTGRES_HOST_AUTH_METHOD.
# The image runs as the postgres user (USER postgres): there is no root step to drop from.
set -eu

if [ "$#" -eq 0 ] || [ "${1#-}" != "$1" ]; then
  set -- postgres "$@"
fi

if [ "$1" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "error: the database is uninitialized and POSTGRES_PASSWORD is not set" >&2
    exit 1
  fi
  user="${POSTGRES_USER:-postgres}"
  db="${POSTGRES_DB:-$user}"
  pwfile="$(mktemp)"
  printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
  initdb --pgdata="$PGDATA" --username="$user" --pwfile="$pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8
  rm -f "$pwfile"
  printf '\nhost all all all scram-sha-256\n' >> "$PGDATA/pg_hba.conf"
  printf "\nlisten_addresses = '*'\n" >> "$PGDATA/postgresql.conf"

  pg_ctl --pgdata="$PGDATA" --wait --options="-c listen_addresses=''" start
  if [ "$db" != postgres ]; then
    # psql variables are interpolated in statements read from stdin only.
    echo 'CREATE DATABASE :"db";' | psql -v ON_ERROR_STOP=1 -v db="$db" --username="$user" --dbname=postgres --quiet
  fi
  pg_ctl --pgdata="$PGDATA" --wait --mode=fast stop
  echo "PostgreSQL init process complete; ready for start up."
fi

exec "$@"
