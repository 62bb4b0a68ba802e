#!/usr/bin/env bash
# Real faults for the local stack, to watch the alerts, dashboards and traces react (and for the alerting
# end-to-end test):
#
#   scripts/fault.sh db-down orders|users   PostgreSQL refuses new connections to that service's database and
#                                           closes the open ones: the service answers 503 (a problem naming
#                                           the database), its readiness goes DOWN, the gateway relays 503s
#   scripts/fault.sh db-up orders|users     connections allowed again; the pool reconnects on its own
#   scripts/fault.sh status                 the connection limit of both databases (0 = refusing)
#
# Whole servers, for the faults-under-load suite (`make faults`). They stop what the whole machine shares, so
# every user of it sees the outage: keep it short, and always run the matching start.
#
#   scripts/fault.sh postgres-stop          stops the PostgreSQL cluster (pg_ctlcluster, mode fast: open
#                                           connections are closed, in-flight transactions rolled back)
#   scripts/fault.sh postgres-start         starts it again and waits until it accepts connections
#   scripts/fault.sh redis-stop             saves Redis' data and shuts it down (SHUTDOWN SAVE: the restart
#                                           loses no key, only the time it was away)
#   scripts/fault.sh redis-start            starts Redis again as it was (its dir, pid file and log: whoever
#                                           started it still owns it) on the saved data
#
# With STACK_INSTANCE=test (the end-to-end tests) it acts on the test instance's databases, users_test and
# orders_test. It acts as the database's owner role (the same credentials the stack runs the service with), through the
# `postgres` maintenance database, so it needs no superuser: ALTER DATABASE ... CONNECTION LIMIT 0 applies to
# every role but superusers. Other ways to break things: `kill $(cut -d' ' -f1 .run/order-service.pid)` (ServiceDown),
# `redis-cli shutdown nosave` (order-service not ready; `scripts/infra-up.sh` starts Redis again).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

DB_HOST=${DB_HOST:-127.0.0.1}
DB_PORT=${DB_PORT:-5432}

# The owner role and password of a service's database, as scripts/stack.sh runs the services.
credentials() {
  case "$1" in
    users) echo "users ${USERS_DB_PASSWORD:-users}" ;;
    orders) echo "orders ${ORDERS_DB_PASSWORD:-orders}" ;;
    *) die "unknown database '$1': orders or users" ;;
  esac
}

# as_owner DB SQL: runs SQL as the owner of DB (users or orders), connected to the maintenance database.
as_owner() {
  local role password
  read -r role password <<<"$(credentials "$1")"
  PGPASSWORD="$password" PGCONNECT_TIMEOUT=5 psql -h "$DB_HOST" -p "$DB_PORT" -U "$role" -d postgres \
    -v ON_ERROR_STOP=1 -qtA -c "$2"
}

db_down() {
  local db="$1$DB_SUFFIX" closed
  as_owner "$1" "ALTER DATABASE \"$db\" CONNECTION LIMIT 0" >/dev/null
  closed=$(as_owner "$1" "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                           WHERE datname = '$db' AND pid <> pg_backend_pid()) AS terminated")
  info "database $db refuses new connections; closed $closed open connection(s). Undo: $0 db-up $1"
}

db_up() {
  as_owner "$1" "ALTER DATABASE \"$1$DB_SUFFIX\" CONNECTION LIMIT -1" >/dev/null
  info "database $1$DB_SUFFIX accepts connections again"
}

# The PostgreSQL cluster infra-up.sh runs: "VERSION main".
cluster() {
  local version
  version=$(pg_version)
  [ -n "$version" ] || die "PostgreSQL server is not installed"
  echo "$version main"
}

postgres_stop() {
  # shellcheck disable=SC2046 # two words: version and cluster name
  as_root pg_ctlcluster $(cluster) stop -m fast
  info "PostgreSQL stopped. Undo: $0 postgres-start"
}

postgres_start() {
  # shellcheck disable=SC2046
  without_inherited_fds as_root pg_ctlcluster $(cluster) start || true # fails when it is already running: checked below
  WAIT_TIMEOUT=30 wait_for pg_isready -q -h "$DB_HOST" -p "$DB_PORT" || die "PostgreSQL is not accepting connections"
  info "PostgreSQL accepts connections again"
}

REDIS_PORT=${REDIS_PORT:-6379}
REDIS_DUMP_DIR="$INFRA_DIR/redis"

# Where the stopped Redis lived: its dir (and dump), pid file and log, as CONFIG GET told them before it stopped.
REDIS_STOPPED="$REDIS_DUMP_DIR/stopped-redis"

redis_stop() {
  local dir pidfile logfile
  mkdir -p "$REDIS_DUMP_DIR"
  dir=$(redis-cli -p "$REDIS_PORT" CONFIG GET dir | sed -n 2p)
  [ -n "$dir" ] || die "Redis does not answer on port $REDIS_PORT"
  pidfile=$(redis-cli -p "$REDIS_PORT" CONFIG GET pidfile | sed -n 2p)
  logfile=$(redis-cli -p "$REDIS_PORT" CONFIG GET logfile | sed -n 2p)
  printf '%s\n%s\n%s\n' "$dir" "$pidfile" "$logfile" >"$REDIS_STOPPED"
  redis-cli -p "$REDIS_PORT" SHUTDOWN SAVE >/dev/null 2>&1 || true # the connection closes as Redis exits
  WAIT_TIMEOUT=10 wait_for sh -c "! redis-cli -p $REDIS_PORT ping" || die "Redis still answers after SHUTDOWN"
  info "Redis stopped, its data saved in $dir/dump.rdb. Undo: $0 redis-start"
}

# Starts Redis again as it was, whoever had started it (this checkout, another one, the machine): same dir, pid
# file and log, so the checkout that owns it still owns it (its `make stop` stops it, no other's does), on the
# data SHUTDOWN SAVE wrote. Without a record of a stop, it starts Redis as scripts/infra-up.sh does.
redis_start() {
  local dir pidfile logfile
  if [ ! -f "$REDIS_STOPPED" ]; then
    "$ROOT_DIR/scripts/infra-up.sh" >/dev/null
    info "Redis answers"
    return
  fi
  { read -r dir; read -r pidfile; read -r logfile; } <"$REDIS_STOPPED"
  without_inherited_fds redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --dir "$dir" \
    ${pidfile:+--pidfile "$pidfile"} ${logfile:+--logfile "$logfile"} --save "" --appendonly no
  WAIT_TIMEOUT=15 wait_for sh -c "redis-cli -p $REDIS_PORT ping | grep -q PONG" \
    || die "Redis did not start again in $dir; log: ${logfile:-none}"
  # Loaded: a later start of Redis must begin empty, as infra-up.sh's Redis always does, not from this snapshot.
  rm -f "$dir/dump.rdb" "$REDIS_STOPPED"
  info "Redis answers again in $dir, with the keys it had"
}

status() {
  local db limit
  for db in users orders; do
    limit=$(as_owner "$db" "SELECT datconnlimit FROM pg_database WHERE datname = '$db$DB_SUFFIX'")
    if [ "$limit" = 0 ]; then info "$db$DB_SUFFIX: refusing connections (db-down)"; else info "$db$DB_SUFFIX: accepting connections"; fi
  done
}

case "${1:-}" in
  db-down) [ $# -eq 2 ] || die "usage: $0 db-down orders|users"; db_down "$2" ;;
  db-up) [ $# -eq 2 ] || die "usage: $0 db-up orders|users"; db_up "$2" ;;
  postgres-stop) postgres_stop ;;
  postgres-start) postgres_start ;;
  redis-stop) redis_stop ;;
  redis-start) redis_start ;;
  status) status ;;
  *) echo "usage: $0 db-down orders|users | db-up orders|users | status | postgres-stop | postgres-start | redis-stop | redis-start" >&2; exit 2 ;;
esac
