#!/usr/bin/env bash
# Make sure a local PostgreSQL runs for the test suite and print its URL on stdout:
#
#   postgresql://iocwall_test:iocwall_test@127.0.0.1:PORT/postgres
#
# As root (Debian, postgresql installed by `scripts/bootstrap.sh test`): starts the "main" cluster
# of the newest installed version with pg_ctlcluster (no systemd needed), listening on 127.0.0.1
# only, creates it first if it does not exist, and creates/updates the role iocwall_test
# (LOGIN CREATEDB, password iocwall_test).
# If IOCWALL_TEST_PG_URL is already set, it is used as is (printed back), root or not.
# Not root and no IOCWALL_TEST_PG_URL: explains and exits 1.
# Everything but the URL goes to stderr.
set -euo pipefail

ROLE=iocwall_test
PASSWORD=iocwall_test
CLUSTER=main

say() { echo "start-test-postgres: $*" >&2; }
die() { echo "start-test-postgres: error: $*" >&2; exit 1; }

if [ -n "${IOCWALL_TEST_PG_URL:-}" ]; then
    say "using IOCWALL_TEST_PG_URL from the environment"
    echo "$IOCWALL_TEST_PG_URL"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    die "not root, so cannot start a PostgreSQL server. Either run as root (sudo $0), or point the tests at a server:
  export IOCWALL_TEST_PG_URL=postgresql://USER:PASSWORD@HOST:PORT/postgres   (the user needs CREATEDB)"
fi

command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /usr/lib/postgresql ] \
    || die "PostgreSQL is not installed (Debian package postgresql). Run: scripts/bootstrap.sh test"

version="$(ls /usr/lib/postgresql | sort -n | tail -n 1)"
[ -n "$version" ] && [ -x "/usr/lib/postgresql/$version/bin/postgres" ] \
    || die "no PostgreSQL server binaries in /usr/lib/postgresql. Run: apt-get install postgresql"

cluster_field() {  # pg_lsclusters column ($3 port, $4 status) of our cluster; empty if none
    pg_lsclusters -h 2>/dev/null | awk -v v="$version" -v c="$CLUSTER" -v f="$1" '$1 == v && $2 == c { print $f }'
}

if [ -z "$(cluster_field 2)" ]; then
    say "creating PostgreSQL $version cluster '$CLUSTER'"
    LANG=C.UTF-8 LC_ALL=C.UTF-8 pg_createcluster --encoding UTF8 --locale C.UTF-8 "$version" "$CLUSTER" >&2 </dev/null \
        || die "pg_createcluster $version $CLUSTER failed"
fi

port="$(cluster_field 3)"
port="${port:-5432}"

# /run is often a fresh tmpfs in containers: the socket directory may be gone.
install -d -o postgres -g postgres -m 2775 /var/run/postgresql

status="$(cluster_field 4)"
if [ "${status%%,*}" != "online" ]; then
    say "starting PostgreSQL $version/$CLUSTER on 127.0.0.1:$port"
    # -o: postgres options for this start only (the cluster's config files are left alone); giving
    # options also makes pg_ctlcluster run pg_ctl itself rather than redirect to systemctl.
    if ! pg_ctlcluster -o "-c listen_addresses=127.0.0.1" "$version" "$CLUSTER" start >&2 </dev/null; then
        logfile="/var/log/postgresql/postgresql-$version-$CLUSTER.log"
        [ -r "$logfile" ] && tail -n 20 "$logfile" >&2
        die "pg_ctlcluster $version $CLUSTER start failed (log: $logfile)"
    fi
fi

for _ in $(seq 1 60); do
    pg_isready -q -h 127.0.0.1 -p "$port" && break
    sleep 0.5
done
pg_isready -q -h 127.0.0.1 -p "$port" \
    || die "PostgreSQL $version/$CLUSTER does not accept connections on 127.0.0.1:$port (is listen_addresses set to exclude it?)"

as_postgres_psql() {
    runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres "$@" </dev/null
}

as_postgres_psql -c "
DO \$\$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '$ROLE') THEN
        CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD';
    ELSE
        ALTER ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD';
    END IF;
END
\$\$;
-- DROP DATABASE ... WITH (FORCE) must also end an autovacuum worker that happens to be in the
-- test's database; without this grant PostgreSQL refuses ('must be a member of pg_signal_backend').
GRANT pg_signal_backend TO $ROLE;" >&2 || die "could not create the role $ROLE"

url="postgresql://$ROLE:$PASSWORD@127.0.0.1:$port/postgres"

# The URL must really work: password authentication over TCP on 127.0.0.1.
encoding="$(psql -X -At -c 'SHOW server_encoding' "$url" </dev/null 2>&1)" \
    || die "cannot log in with $url: $encoding"
if [ "$encoding" != "UTF8" ]; then
    say "warning: the cluster's encoding is $encoding, not UTF8; Vietnamese text may fail in postgres tests"
fi

say "PostgreSQL $version/$CLUSTER ready on 127.0.0.1:$port (role $ROLE)"
echo "$url"
