#!/usr/bin/env bash
# Starts the local PostgreSQL and Redis when they are not running and creates the roles and databases the
# services own. Idempotent: on a second run it starts nothing and creates nothing.
#
#   role / password   databases
#   users / users     users, users_test      (user-service)
#   orders / orders   orders, orders_test    (order-service)
#
# The passwords are the dev/test defaults of application.properties; production takes DB_PASSWORD.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PG_PORT=${PG_PORT:-5432}
REDIS_PORT=${REDIS_PORT:-6379}

start_postgres() {
  local version cluster=main
  version=$(pg_version)
  [ -n "$version" ] || die "PostgreSQL server is not installed (run scripts/install-deps.sh)"
  if ! pg_lsclusters -h | awk '{print $1"/"$2}' | grep -qx "$version/$cluster"; then
    step "Creating PostgreSQL $version cluster '$cluster'"
    as_root pg_createcluster "$version" "$cluster" --port "$PG_PORT" >/dev/null
  fi
  if pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1==v && $2==c {print $4}' | grep -q online; then
    info "PostgreSQL $version already running on port $PG_PORT"
  else
    step "Starting PostgreSQL $version"
    without_inherited_fds as_root pg_ctlcluster "$version" "$cluster" start \
      || die "PostgreSQL did not start; log: /var/log/postgresql/postgresql-$version-$cluster.log"
  fi
  WAIT_TIMEOUT=30 wait_for port_open "$PG_PORT" \
    || die "PostgreSQL is not accepting connections on port $PG_PORT; log: /var/log/postgresql/postgresql-$version-$cluster.log"
}

psql_admin() {
  as_root runuser -u postgres -- psql -p "$PG_PORT" -v ON_ERROR_STOP=1 -qtA "$@"
}

ensure_role_and_databases() {
  local role=$1 password=$2; shift 2
  if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" != 1 ]; then
    info "creating role $role"
    psql_admin -c "CREATE ROLE \"$role\" LOGIN PASSWORD '$password'"
  fi
  for db in "$@"; do
    if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]; then
      info "creating database $db owned by $role"
      psql_admin -c "CREATE DATABASE \"$db\" OWNER \"$role\""
    fi
  done
}

start_redis() {
  if redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; then
    info "Redis already running on port $REDIS_PORT"
    return
  fi
  step "Starting Redis on 127.0.0.1:$REDIS_PORT"
  mkdir -p "$INFRA_DIR/redis" "$INFRA_DIR/logs"
  # Our own instance, not the packaged service: it works the same with or without an init system.
  without_inherited_fds redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes \
    --dir "$INFRA_DIR/redis" --pidfile "$INFRA_DIR/redis/redis.pid" --logfile "$INFRA_DIR/logs/redis.log" \
    --save "" --appendonly no
  WAIT_TIMEOUT=15 wait_for sh -c "redis-cli -p $REDIS_PORT ping | grep -q PONG" \
    || die "Redis did not start; log: $INFRA_DIR/logs/redis.log"
}

start_postgres
ensure_role_and_databases users users users users_test
ensure_role_and_databases orders orders orders orders_test
start_redis
info "PostgreSQL on 127.0.0.1:$PG_PORT and Redis on 127.0.0.1:$REDIS_PORT are up"
