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
# With STACK_INSTANCE=test (the end-to-end tests) it acts on the test instance's databases, users_test and
# orders_test. It acts as the database's owner role (the same credentials the stack runs the service with), through the
# `postgres` maintenance database, so it needs no superuser: ALTER DATABASE ... CONNECTION LIMIT 0 applies to
# every role but superusers. Other ways to break things: `kill $(cat .run/order-service.pid)` (ServiceDown),
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
  status) status ;;
  *) echo "usage: $0 db-down orders|users | db-up orders|users | status" >&2; exit 2 ;;
esac
