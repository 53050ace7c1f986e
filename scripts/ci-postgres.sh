#!/bin/sh
# ci-postgres.sh: install (if needed) and start a throwaway PostgreSQL 15 for
# chorus's tests, then print the line that points the tests at it:
#
#     eval "$(scripts/ci-postgres.sh)"    # sets CHORUS_TEST_POSTGRES
#
# Runs as root on Debian. The server runs as user postgres, listens only on a
# unix socket in $CHORUS_PG_DIR (no TCP port to collide with), trusts local
# connections, and keeps its data under $CHORUS_PG_DIR/data. Idempotent: a
# second run reuses the installed packages, the data directory, the running
# server and the database. Stop it with scripts/ci-postgres.sh stop.
# Everything but the export line goes to stderr.
set -eu

PGVER=15
BIN=/usr/lib/postgresql/$PGVER/bin
BASE=${CHORUS_PG_DIR:-/var/tmp/chorus-pg}
PORT=${CHORUS_PG_PORT:-5439}
DB=${CHORUS_PG_DB:-chorus_test}

if [ "$(id -u)" -ne 0 ]; then
	echo "ci-postgres.sh: run as root (it installs packages and switches to user postgres)" >&2
	exit 1
fi

as_pg() { runuser -u postgres -- "$@"; }

if [ "${1:-}" = stop ]; then
	if [ -f "$BASE/data/PG_VERSION" ]; then
		as_pg "$BIN/pg_ctl" -D "$BASE/data" -m fast -w stop >&2 || true
	fi
	exit 0
fi

if [ ! -x "$BIN/initdb" ] || ! id postgres >/dev/null 2>&1; then
	echo "ci-postgres.sh: installing postgresql-$PGVER" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2
	apt-get install -y -qq --no-install-recommends "postgresql-$PGVER" >&2
fi

mkdir -p "$BASE"
chown postgres:postgres "$BASE"
chmod 0755 "$BASE"

if [ ! -f "$BASE/data/PG_VERSION" ]; then
	rm -rf "$BASE/data"
	as_pg "$BIN/initdb" -D "$BASE/data" --auth=trust --username=postgres --encoding=UTF8 --locale=C.UTF-8 >&2
fi

if ! as_pg "$BIN/pg_ctl" -D "$BASE/data" status >/dev/null 2>&1; then
	# A throwaway server: no TCP, no fsync (tests only).
	as_pg "$BIN/pg_ctl" -D "$BASE/data" -l "$BASE/server.log" -w -t 60 \
		-o "-c listen_addresses= -c unix_socket_directories=$BASE -p $PORT -c fsync=off -c full_page_writes=off" start >&2
fi

if ! as_pg "$BIN/psql" -h "$BASE" -p "$PORT" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
	as_pg "$BIN/createdb" -h "$BASE" -p "$PORT" "$DB" >&2
fi

echo "export CHORUS_TEST_POSTGRES='postgres://postgres@/$DB?host=$BASE&port=$PORT&sslmode=disable'"
