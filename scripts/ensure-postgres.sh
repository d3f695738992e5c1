#!/usr/bin/env bash
# Print the URL of a PostgreSQL server the tests may create databases on.
# 1. a server already answering on 127.0.0.1:5432 (trust auth), else
# 2. the machine's Debian cluster, started, else
# 3. a throwaway cluster initialised in a temporary folder from the installed binaries
#    (installing Debian's postgresql package first if there are none), as an unprivileged
#    user when run as root. All progress goes to stderr; only the URL goes to stdout.
set -euo pipefail

say() { echo "ensure-postgres: $*" >&2; }
answers() { psql "$1" -Atqc 'select 1' >/dev/null 2>&1; }

DEFAULT_URL=${TODOKE_TEST_PG_DEFAULT:-postgresql://postgres@127.0.0.1:5432/postgres}
if command -v psql >/dev/null && answers "$DEFAULT_URL"; then
    echo "$DEFAULT_URL"; exit 0
fi

if command -v pg_ctlcluster >/dev/null && ls /etc/postgresql >/dev/null 2>&1; then
    for version in $(ls /etc/postgresql); do
        say "starting the Debian cluster $version/main"
        pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 2>&1 || true
    done
    for _ in $(seq 1 30); do
        if answers "$DEFAULT_URL"; then echo "$DEFAULT_URL"; exit 0; fi
        sleep 1
    done
fi

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ]; then
    say "no PostgreSQL binaries: installing Debian's postgresql package"
    if [ "$(id -u)" -ne 0 ]; then say "need root to install postgresql"; exit 1; fi
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi

PORT=${TODOKE_TEST_PG_PORT:-55432}
DIR=${TODOKE_TEST_PG_DIR:-/tmp/todoke-test-pg}
RUN_AS=()
OWNER=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
    OWNER=postgres
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    RUN_AS=(runuser -u postgres --)
fi
URL="postgresql://$OWNER@127.0.0.1:$PORT/postgres"
if [ -d "$DIR/data" ] && answers "$URL"; then echo "$URL"; exit 0; fi

say "initialising a throwaway cluster in $DIR on port $PORT"
rm -rf "$DIR"; mkdir -p "$DIR"; chown "$OWNER" "$DIR" 2>/dev/null || true
"${RUN_AS[@]}" "$bindir/initdb" -D "$DIR/data" -A trust -U "$OWNER" -E UTF8 --no-locale >&2
"${RUN_AS[@]}" "$bindir/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >&2
answers "$URL" || { say "the throwaway cluster does not answer; see $DIR/log"; exit 1; }
echo "$URL"
