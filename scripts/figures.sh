#!/usr/bin/env bash
# Prints the figures of the local stack: time from start to the first trace in Jaeger, and the RSS of every
# component once up. Measures, does not assert.
#
#   scripts/figures.sh          warm: Jaeger and the jars already built (stops a running stack first)
#   COLD=1 scripts/figures.sh   cold: also removes the Jaeger binary and the services' build output first
#                               (the Go and Maven caches stay; a truly fresh machine also downloads them)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

"$ROOT_DIR/scripts/stack.sh" down >/dev/null
"$ROOT_DIR/scripts/infra-up.sh" >/dev/null
if [ "${COLD:-0}" = 1 ]; then
  rm -rf "$TOOLS_DIR/bin/jaeger" "$TOOLS_DIR/bin/jaeger.version"
  (cd "$ROOT_DIR" && ./mvnw -B -q clean -pl user-service,order-service,gateway-service >/dev/null)
fi

start=$(date +%s%N)
"$ROOT_DIR/scripts/stack.sh" up >/dev/null
email="figures-$(date +%s)-$RANDOM@example.com"
trace_id=$(curl -s -o /dev/null -D - -XPOST localhost:8080/api/users -H 'Content-Type: application/json' \
  -d "{\"name\":\"Figures\",\"email\":\"$email\"}" | tr -d '\r' | sed -n 's/^[Xx]-[Tt]race-[Ii]d: //p')
until curl -sf "http://127.0.0.1:16686/api/traces/$trace_id" | grep -q '"spanID"'; do sleep 0.2; done
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))

printf '%s start to first trace in Jaeger: %d.%03d s\n' "$([ "${COLD:-0}" = 1 ] && echo Cold || echo Warm)" \
  $((elapsed_ms / 1000)) $((elapsed_ms % 1000))
printf '%-16s %10s\n' COMPONENT "RSS (MB)"
total=0
rss_of() { ps -o rss= -p "$1" 2>/dev/null | awk '{s+=$1} END {print s+0}'; }
for name in gateway-service user-service order-service jaeger prometheus alertmanager; do
  kb=$(rss_of "$(cat "$RUN_DIR/$name.pid")")
  total=$((total + kb)); printf '%-16s %10.1f\n' "$name" "$(awk -v k="$kb" "BEGIN {print k/1024}")"
done
kb=$(rss_of "$(cat "$RUN_DIR/redis/redis.pid" 2>/dev/null || pgrep -o redis-server)")
total=$((total + kb)); printf '%-16s %10.1f\n' redis "$(awk -v k="$kb" "BEGIN {print k/1024}")"
kb=$(ps -u postgres -o rss= | awk '{s+=$1} END {print s+0}')
total=$((total + kb)); printf '%-16s %10.1f   (all postgres processes)\n' postgresql "$(awk -v k="$kb" "BEGIN {print k/1024}")"
printf '%-16s %10.1f\n' TOTAL "$(awk -v k="$total" "BEGIN {print k/1024}")"
