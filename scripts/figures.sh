#!/usr/bin/env bash
# Prints the figures of the local stack: time from start to the first trace in Jaeger and in Zipkin, and the
# RSS of every component once up and after a round of traffic. Measures, does not assert.
#
#   scripts/figures.sh          warm: Jaeger and the jars already built (stops a running stack first)
#   COLD=1 scripts/figures.sh   cold: also removes the Jaeger and collector binaries and the services' build
#                               output first (the Go and Maven caches stay; a truly fresh machine also
#                               downloads them, and Zipkin)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

"$ROOT_DIR/scripts/stack.sh" down >/dev/null
"$ROOT_DIR/scripts/infra-up.sh" >/dev/null
if [ "${COLD:-0}" = 1 ]; then
  rm -rf "$TOOLS_DIR/bin/jaeger" "$TOOLS_DIR/bin/jaeger.version" "$TOOLS_DIR/bin/otelcol" "$TOOLS_DIR/bin/otelcol.stamp"
  (cd "$ROOT_DIR" && ./mvnw -B -q clean -pl user-service,order-service,gateway-service >/dev/null)
fi

start=$(date +%s%N)
"$ROOT_DIR/scripts/stack.sh" up >/dev/null
email="figures-$(date +%s)-$RANDOM@example.com"
trace_id=$(curl -s -o /dev/null -D - -XPOST localhost:8080/api/users -H 'Content-Type: application/json' \
  -d "{\"name\":\"Figures\",\"email\":\"$email\"}" | tr -d '\r' | sed -n 's/^[Xx]-[Tt]race-[Ii]d: //p')
until curl -sf "http://127.0.0.1:16686/api/traces/$trace_id" | grep -q '"spanID"'; do sleep 0.2; done
jaeger_ms=$(( ($(date +%s%N) - start) / 1000000 ))
until curl -sf "http://127.0.0.1:9411/api/v2/trace/$trace_id" | grep -q '"traceId"'; do sleep 0.2; done
zipkin_ms=$(( ($(date +%s%N) - start) / 1000000 ))

kind=$([ "${COLD:-0}" = 1 ] && echo Cold || echo Warm)
printf '%s start to first trace in Jaeger: %d.%03d s, in Zipkin: %d.%03d s\n' "$kind" \
  $((jaeger_ms / 1000)) $((jaeger_ms % 1000)) $((zipkin_ms / 1000)) $((zipkin_ms % 1000))

mb() { awk -v k="$1" 'BEGIN {printf "%.1f", k/1024}'; }
rss_of() { ps -o rss= -p "$1" 2>/dev/null | awk '{s+=$1} END {print s+0}'; }
pid_of() { cut -d' ' -f1 "$RUN_DIR/$1.pid" 2>/dev/null; }
COMPONENTS=(gateway-service user-service order-service otel-collector jaeger zipkin prometheus alertmanager alert-sink toxiproxy
  load-background)

# The RSS of every component in kB, one "name kB" line each.
rss_snapshot() {
  local name
  for name in "${COMPONENTS[@]}"; do echo "$name $(rss_of "$(pid_of "$name")")"; done
  echo "redis $(rss_of "$(cat "$INFRA_DIR/redis/redis.pid" 2>/dev/null || pgrep -o redis-server)")"
  echo "postgresql $(ps -u postgres -o rss= | awk '{s+=$1} END {print s+0}')"
}
at_start=$(rss_snapshot)
# A round of traffic: 200 orders and 400 reads, so caches, pools, JIT and the backends' stores fill.
user_id=$(curl -sf -XPOST localhost:8080/api/users -H 'Content-Type: application/json' \
  -d "{\"name\":\"Figures\",\"email\":\"load-$email\"}" | jq -r .id)
for i in $(seq 1 200); do
  curl -s -o /dev/null -XPOST localhost:8080/api/orders -H 'Content-Type: application/json' \
    -d "{\"userId\":$user_id,\"items\":[{\"sku\":\"BOOK-001\",\"quantity\":$(( i % 5 + 1 ))}]}"
  curl -s -o /dev/null "localhost:8080/api/users/$user_id/summary"
  curl -s -o /dev/null localhost:8080/api/products
done
sleep 3
after_load=$(rss_snapshot)

printf '%-16s %12s %12s\n' COMPONENT "RSS up (MB)" "after load"
total_start=0; total_load=0
while read -r name kb; do
  load=$(awk -v n="$name" '$1 == n {print $2}' <<<"$after_load")
  total_start=$((total_start + kb)); total_load=$((total_load + load))
  printf '%-16s %12s %12s%s\n' "$name" "$(mb "$kb")" "$(mb "$load")" "$([ "$name" = postgresql ] && echo '   (all postgres processes)')"
done <<<"$at_start"
printf '%-16s %12s %12s\n' TOTAL "$(mb "$total_start")" "$(mb "$total_load")"
