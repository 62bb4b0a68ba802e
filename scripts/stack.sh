#!/usr/bin/env bash
# Runs the three services as local processes bound to 127.0.0.1, with logs and pid files under .run/.
#
#   scripts/stack.sh up       start PostgreSQL and Redis if needed, build what changed, start, wait until ready
#   scripts/stack.sh down     stop the services (and the Redis that infra-up.sh started)
#   scripts/stack.sh status   what runs, where, and whether it is ready
set -euo pipefail
source "$(dirname "$0")/lib.sh"

LOG_DIR="$RUN_DIR/logs"
READY_TIMEOUT=${READY_TIMEOUT:-90}

# name http-port management-port
SERVICES=(
  "user-service 8081 9001"
  "order-service 8082 9002"
  "gateway-service 8080 9000"
)

service_env() {
  case "$1" in
    user-service) echo "DB_NAME=users DB_USER=users DB_PASSWORD=${USERS_DB_PASSWORD:-users}" ;;
    order-service) echo "DB_NAME=orders DB_USER=orders DB_PASSWORD=${ORDERS_DB_PASSWORD:-orders} USER_SERVICE_URL=http://127.0.0.1:8081" ;;
    gateway-service) echo "USER_SERVICE_URL=http://127.0.0.1:8081 ORDER_SERVICE_URL=http://127.0.0.1:8082" ;;
  esac
}

# Prints the pid of a running service, nothing when it is not running.
pid_of() {
  local pidfile="$RUN_DIR/$1.pid"
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then cat "$pidfile"; fi
}

# Rebuilds the jars when a source, resource or POM is newer than the jar (or a jar is missing).
build_if_needed() {
  local stale=0 name jar
  for spec in "${SERVICES[@]}"; do
    read -r name _ _ <<<"$spec"
    jar="$ROOT_DIR/$name/target/quarkus-app/quarkus-run.jar"
    if [ ! -f "$jar" ] || [ -n "$(find "$ROOT_DIR/$name/src/main" "$ROOT_DIR/$name/pom.xml" "$ROOT_DIR/service-commons" "$ROOT_DIR/pom.xml" \
        -newer "$jar" -type f -not -path '*/target/*' -print -quit)" ]; then
      stale=1
    fi
  done
  if [ $stale -eq 0 ]; then
    info "jars are up to date"
    return
  fi
  step "Building the services (./mvnw package, log: $LOG_DIR/build.log)"
  local start=$SECONDS
  ( cd "$ROOT_DIR" && ./mvnw -B package -DskipTests -pl user-service,order-service,gateway-service -am >"$LOG_DIR/build.log" 2>&1 ) &
  local build=$!
  while kill -0 $build 2>/dev/null; do
    sleep 10
    kill -0 $build 2>/dev/null && info "still building... $((SECONDS - start))s"
  done
  wait $build || die "build failed; log: $LOG_DIR/build.log"
  info "built in $((SECONDS - start))s"
}

check_ports_free() {
  local name port mport
  for spec in "${SERVICES[@]}"; do
    read -r name port mport <<<"$spec"
    if [ -n "$(pid_of "$name")" ]; then continue; fi
    for p in $port $mport; do
      if port_open "$p"; then
        die "port $p (needed by $name) is in use by another process; stop it or run 'make stop'"
      fi
    done
  done
}

start_service() {
  local name=$1 port=$2 mport=$3 log="$LOG_DIR/$1.out"
  if [ -n "$(pid_of "$name")" ]; then
    info "$name already running (pid $(pid_of "$name"))"
    return
  fi
  # shellcheck disable=SC2046
  # Profile "local": JSON log file with rotation (.run/logs/<service>.log) and an errors-only file beside it.
  env $(service_env "$name") QUARKUS_PROFILE=prod,local LOG_DIR="$LOG_DIR" \
    QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$port" \
    QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT="$mport" \
    nohup java -Xmx256m -jar "$ROOT_DIR/$name/target/quarkus-app/quarkus-run.jar" >"$log" 2>&1 &
  echo $! >"$RUN_DIR/$name.pid"
  info "started $name (pid $!, logs .run/logs/$name.log, console .run/logs/$name.out)"
}

await_ready() {
  local name=$1 mport=$2 start=$SECONDS
  until curl -sf "http://127.0.0.1:$mport/q/health/ready" >/dev/null 2>&1; do
    if [ -z "$(pid_of "$name")" ]; then
      down_services >/dev/null
      die "$name exited during start-up; log: .run/logs/$name.out"
    fi
    if [ $((SECONDS - start)) -ge "$READY_TIMEOUT" ]; then
      down_services >/dev/null
      die "$name not ready after ${READY_TIMEOUT}s; log: .run/logs/$name.out"
    fi
    sleep 0.5
  done
  info "$name ready on http://127.0.0.1:$(port_of "$name") (management :$mport) after $((SECONDS - start))s"
}

port_of() {
  local name port
  for spec in "${SERVICES[@]}"; do
    read -r name port _ <<<"$spec"
    [ "$name" = "$1" ] && echo "$port"
  done
}

JAEGER_BIN="$TOOLS_DIR/bin/jaeger"

# Jaeger (traces): built once from the Go module proxy by scripts/build-jaeger.sh.
start_jaeger() {
  if curl -sf http://127.0.0.1:16686/api/services >/dev/null 2>&1; then
    info "Jaeger already running"
    return
  fi
  "$ROOT_DIR/scripts/build-jaeger.sh" || die "Jaeger could not be built; log: .run/logs/jaeger-build.log"

  start_process jaeger http://127.0.0.1:16686/api/services "4317 4318 16686 8888" \
    "$JAEGER_BIN" --config "$ROOT_DIR/observability/jaeger/jaeger-local.yaml"
  info "Jaeger ready: query API http://127.0.0.1:16686/api/services, OTLP 127.0.0.1:4317"
}

# start_process NAME READY_URL "PORTS" COMMAND...: starts a helper process (log .run/logs/NAME.log, pid
# .run/NAME.pid) unless it already runs, and waits until READY_URL answers.
start_process() {
  local name=$1 ready=$2 ports=$3; shift 3
  if [ -n "$(pid_of "$name")" ] && curl -sf "$ready" >/dev/null 2>&1; then
    info "$name already running"
    return
  fi
  for p in $ports; do
    if port_open "$p"; then die "port $p (needed by $name) is in use by another process"; fi
  done
  nohup "$@" >"$LOG_DIR/$name.log" 2>&1 &
  echo $! >"$RUN_DIR/$name.pid"
  local start=$SECONDS
  until curl -sf "$ready" >/dev/null 2>&1; do
    if [ -z "$(pid_of "$name")" ] || [ $((SECONDS - start)) -ge 30 ]; then
      stop_process "$name"
      die "$name did not become ready; log: .run/logs/$name.log"
    fi
    sleep 0.3
  done
}

stop_process() {
  local pid
  pid=$(pid_of "$1")
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
    info "stopped $1"
  fi
  rm -f "$RUN_DIR/$1.pid"
}

# Prometheus scrapes the services and Jaeger (observability/prometheus/prometheus.yml, its rules and the
# local targets beside it) and sends alerts to Alertmanager, which routes them as alertmanager.yml says to the
# local alert sink (scripts/alert-sink.py, log .run/logs/alerts.log). Prometheus and Alertmanager come from
# Debian's packages (scripts/install-deps.sh prometheus alertmanager).
start_metrics() {
  if ! command -v prometheus >/dev/null || ! command -v prometheus-alertmanager >/dev/null; then
    die "Prometheus/Alertmanager not installed; run: scripts/install-deps.sh prometheus alertmanager"
  fi
  mkdir -p "$RUN_DIR/prometheus" "$RUN_DIR/alertmanager"
  start_process alert-sink http://127.0.0.1:9095/-/ready "9095" \
    python3 "$ROOT_DIR/scripts/alert-sink.py" --host 127.0.0.1 --port 9095 --log "$LOG_DIR/alerts.log"
  local alertmanager_config
  alertmanager_config=$("$ROOT_DIR/scripts/alertmanager-config.sh" "$RUN_DIR/alertmanager-config")
  start_process alertmanager http://127.0.0.1:9093/-/ready "9093 9094" \
    prometheus-alertmanager --config.file="$alertmanager_config" \
    --storage.path="$RUN_DIR/alertmanager" --web.listen-address=127.0.0.1:9093 --cluster.listen-address=
  # 31 days of data, so the 30-day SLO window and error budget see a whole month. --web.enable-lifecycle:
  # after editing a rule, `curl -XPOST http://127.0.0.1:9090/-/reload` applies it without a restart.
  start_process prometheus http://127.0.0.1:9090/-/ready "9090" \
    prometheus --config.file="$ROOT_DIR/observability/prometheus/prometheus.yml" \
    --storage.tsdb.path="$RUN_DIR/prometheus" --storage.tsdb.retention.time=31d \
    --web.listen-address=127.0.0.1:9090 --web.enable-lifecycle \
    --enable-feature=exemplar-storage --rules.alert.resend-delay=2s
  # When they were already running: load the configuration and rules as they are now, so a second
  # `make demo` applies edits to observability/ without a restart.
  curl -sf -XPOST http://127.0.0.1:9093/-/reload >/dev/null 2>&1 || true
  curl -sf -XPOST http://127.0.0.1:9090/-/reload >/dev/null 2>&1 || true
  info "Prometheus ready: http://127.0.0.1:9090 (exemplars on, $(rule_count) rules); Alertmanager: http://127.0.0.1:9093;"
  info "alerts go to the local sink: http://127.0.0.1:9095/alerts, .run/logs/alerts.log"
}

rule_count() {
  curl -sf http://127.0.0.1:9090/api/v1/rules | jq '[.data.groups[].rules[]] | length' 2>/dev/null || echo "?"
}

# Whatever `up` started is stopped again when it fails half-way: no stray processes.
stop_on_failure() {
  local status=$?
  if [ $status -ne 0 ]; then
    down_services >/dev/null 2>&1 || true
    for helper in prometheus alertmanager alert-sink jaeger; do stop_process "$helper" >/dev/null 2>&1 || true; done
  fi
  exit $status
}

up() {
  mkdir -p "$LOG_DIR"
  # PostgreSQL and Redis first (they start nothing when already running): `down` stops the Redis it started.
  "$ROOT_DIR/scripts/infra-up.sh"
  trap stop_on_failure EXIT
  step "Jaeger"
  start_jaeger
  build_if_needed
  check_ports_free
  step "Starting the services"
  local name port mport
  for spec in "${SERVICES[@]}"; do
    read -r name port mport <<<"$spec"
    start_service "$name" "$port" "$mport"
  done
  step "Waiting until every service is ready"
  for spec in "${SERVICES[@]}"; do
    read -r name _ mport <<<"$spec"
    await_ready "$name" "$mport"
  done
  step "Prometheus, Alertmanager and the alert sink"
  start_metrics
  trap - EXIT
}

down_services() {
  local name pid
  for spec in "${SERVICES[@]}"; do
    read -r name _ _ <<<"$spec"
    pid=$(pid_of "$name" || true)
    if [ -n "$pid" ]; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -9 "$pid" 2>/dev/null || true
      info "stopped $name"
    fi
    rm -f "$RUN_DIR/$name.pid"
  done
}

down() {
  step "Stopping"
  down_services
  for helper in prometheus alertmanager alert-sink jaeger; do
    stop_process "$helper"
  done
  if [ -f "$RUN_DIR/redis/redis.pid" ] && kill -0 "$(cat "$RUN_DIR/redis/redis.pid")" 2>/dev/null; then
    kill "$(cat "$RUN_DIR/redis/redis.pid")" && info "stopped Redis"
  fi
  info "PostgreSQL is the machine's own service and stays up (stop it with: pg_ctlcluster $(pg_version) main stop)"
}

status() {
  local name port mport pid state
  printf '%-16s %-8s %-8s %s\n' COMPONENT PID STATE URL
  for spec in "${SERVICES[@]}"; do
    read -r name port mport <<<"$spec"
    pid=$(pid_of "$name" || true)
    if [ -z "$pid" ]; then state=stopped
    elif curl -sf "http://127.0.0.1:$mport/q/health/ready" >/dev/null 2>&1; then state=ready
    else state=starting; fi
    printf '%-16s %-8s %-8s %s\n' "$name" "${pid:--}" "$state" "http://127.0.0.1:$port (health/metrics :$mport)"
  done
  if curl -sf http://127.0.0.1:16686/api/services >/dev/null 2>&1; then state=ready; else state=stopped; fi
  printf '%-16s %-8s %-8s %s\n' jaeger "$(pid_of jaeger || true)" "$state" "http://127.0.0.1:16686/api (OTLP :4317)"
  for helper in "prometheus http://127.0.0.1:9090/-/ready" "alertmanager http://127.0.0.1:9093/-/ready" \
      "alert-sink http://127.0.0.1:9095/-/ready"; do
    read -r name url <<<"$helper"
    if curl -sf "$url" >/dev/null 2>&1; then state=ready; else state=stopped; fi
    printf '%-16s %-8s %-8s %s\n' "$name" "$(pid_of "$name" || true)" "$state" "${url%/-/ready}"
  done
  if redis-cli ping >/dev/null 2>&1; then state=ready; else state=stopped; fi
  printf '%-16s %-8s %-8s %s\n' redis "$(cat "$RUN_DIR/redis/redis.pid" 2>/dev/null || echo -)" "$state" "redis://127.0.0.1:6379"
  if port_open 5432; then state=ready; else state=stopped; fi
  printf '%-16s %-8s %-8s %s\n' postgresql - "$state" "postgresql://127.0.0.1:5432 (databases users, orders)"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
