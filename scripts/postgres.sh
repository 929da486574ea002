#!/usr/bin/env bash
# A throwaway PostgreSQL server for the central-store tests (Debian's postgresql package).
#   scripts/postgres.sh install        install the server binaries if missing (root or passwordless sudo)
#   scripts/postgres.sh start PORT     initdb into a new temp dir, start on 127.0.0.1:PORT, create db
#                                      'casereader'; prints "DATADIR URL" on one line
#   scripts/postgres.sh stop DATADIR   stop that server and delete its data dir
# As root the server runs as the 'postgres' user (initdb refuses root). Exits non-zero on any failure.
set -euo pipefail

bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
  [ -n "$d" ] && [ -x "$d/initdb" ] && echo "$d"
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  install)
    if bindir >/dev/null; then exit 0; fi
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
      echo "postgres.sh: PostgreSQL server binaries missing; install the 'postgresql' package" >&2; exit 1; fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq >/dev/null
    $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    # Debian starts a cluster on install; the tests use their own, so stop the packaged one.
    $SUDO pg_ctlcluster --force "$(ls /etc/postgresql | sort -V | tail -n1)" main stop 2>/dev/null || true
    bindir >/dev/null || { echo "postgres.sh: installing postgresql gave no initdb" >&2; exit 1; }
    ;;
  start)
    port="${2:?usage: postgres.sh start PORT}"
    bin=$(bindir) || { echo "postgres.sh: no PostgreSQL server binaries; run scripts/postgres.sh install" >&2; exit 1; }
    dir=$(mktemp -d /tmp/casereader-pg.XXXXXX)
    chmod 700 "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; user=postgres; else user=$(id -un); fi
    as_owner "$bin/initdb" -D "$dir/data" -U "$user" --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$user" casereader
    echo "$dir postgresql+psycopg://$user@127.0.0.1:$port/casereader"
    ;;
  stop)
    dir="${2:?usage: postgres.sh stop DATADIR}"
    case "$dir" in /tmp/casereader-pg.*) ;; *) echo "postgres.sh: refusing to stop $dir" >&2; exit 1;; esac
    bin=$(bindir)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: scripts/postgres.sh install | start PORT | stop DATADIR" >&2; exit 2;;
esac
