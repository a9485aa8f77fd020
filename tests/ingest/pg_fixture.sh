#!/bin/sh
# pg_fixture.sh - a throwaway PostgreSQL + PostGIS cluster holding the
# ingest fixtures as tables, for the PG: connection-string test.
#
#   KZ_TEST_PG=$(tests/ingest/pg_fixture.sh start) && export KZ_TEST_PG
#   build/tests/test_ingest
#   tests/ingest/pg_fixture.sh stop "$KZ_TEST_PG"
#
# start prints the OGR connection string (PG:host=<socket dir> port=...);
# the cluster lives in a temporary directory, listens on a loopback port
# and a Unix socket there, and is removed by stop.  Run as root, the
# server runs as the postgres user (initdb refuses root).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
data="$here/../data/ingest"
bindir=${PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$bindir/initdb" ] || { echo "pg_fixture: initdb not found (install postgresql and postgis)" >&2; exit 1; }

as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
start)
    dir=$(mktemp -d /tmp/kzpg-XXXXXX)
    chmod 755 "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=$((20000 + $$ % 20000))
    as_pg "$bindir/initdb" -D "$dir/db" -A trust -U kz -E UTF8 --locale=C >"$dir/initdb.log" 2>&1
    as_pg "$bindir/pg_ctl" -D "$dir/db" -l "$dir/server.log" -w \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null
    as_pg "$bindir/createdb" -h "$dir" -p "$port" -U kz kz
    as_pg "$bindir/psql" -q -h "$dir" -p "$port" -U kz -d kz \
        -c "CREATE EXTENSION postgis" >/dev/null
    conn="PG:host=$dir port=$port dbname=kz user=kz"
    for t in kahrizes assessments shafts; do
        ogr2ogr -f PostgreSQL "$conn" "$data/$t.csv" -nln "$t" \
            -oo AUTODETECT_TYPE=NO -lco FID=fid
    done
    echo "$conn"
    ;;
stop)
    conn=${2:-${KZ_TEST_PG:-}}
    dir=$(printf '%s\n' "$conn" | sed -n 's/.*host=\([^ ]*\).*/\1/p')
    case "$dir" in /tmp/kzpg-*) ;; *) echo "pg_fixture: not a fixture: $conn" >&2; exit 1 ;; esac
    as_pg "$bindir/pg_ctl" -D "$dir/db" -m fast -w stop >/dev/null || true
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start | stop [CONNECTION]" >&2
    exit 2
    ;;
esac
