#!/usr/bin/env bash
# Regenerates the README's screenshots of the Zipkin UI from a real run: places an order (and reads a
# summary) through the gateway of the running demo, waits until Zipkin has the order's trace from all three
# services, and photographs the trace page and the dependency graph in headless Chromium
# (scripts/browser/zipkin-ui.mjs). Needs `make demo` running; `make screenshot` installs the browser first.
#
#   scripts/screenshot.sh [OUTPUT_DIR]     default docs/images
set -euo pipefail
source "$(dirname "$0")/lib.sh"

OUT=${1:-$ROOT_DIR/docs/images}
ZIPKIN=http://127.0.0.1:9411
if ! curl -sf -o /dev/null http://127.0.0.1:9000/q/health/ready || ! curl -sf -o /dev/null "$ZIPKIN/health"; then
  die "the demo is not running: start it with 'make demo'"
fi
mkdir -p "$OUT"

email="screenshot-$(date +%s)-$RANDOM@example.com"
user_id=$(curl -sf -XPOST localhost:8080/api/users -H 'Content-Type: application/json' \
  -d "{\"name\":\"Grace Hopper\",\"email\":\"$email\"}" | jq -r .id)
# A few orders first, so the one photographed runs on warm services (the first after a start takes seconds).
for _ in 1 2 3 4 5; do
  curl -sf -o /dev/null -XPOST localhost:8080/api/orders -H 'Content-Type: application/json' \
    -d "{\"userId\":$user_id,\"items\":[{\"sku\":\"STICKER-001\",\"quantity\":1}]}"
done
trace_id=$(curl -s -o /dev/null -D - -XPOST localhost:8080/api/orders -H 'Content-Type: application/json' \
  -H "X-Request-ID: readme-$(date +%s)" -H "Idempotency-Key: $(cat /proc/sys/kernel/random/uuid)" \
  -d "{\"userId\":$user_id,\"items\":[{\"sku\":\"BOOK-001\",\"quantity\":2},{\"sku\":\"MUG-001\",\"quantity\":1}]}" \
  | tr -d '\r' | sed -n 's/^[Xx]-[Tt]race-[Ii]d: //p')
[ -n "$trace_id" ] || die "the order got no X-Trace-Id"
curl -sf -o /dev/null "localhost:8080/api/users/$user_id/summary"

for _ in $(seq 1 40); do
  services=$(curl -sf "$ZIPKIN/api/v2/trace/$trace_id" | jq '[.[].localEndpoint.serviceName] | unique | length' 2>/dev/null || echo 0)
  [ "$services" = 3 ] && break
  sleep 0.5
done
[ "$services" = 3 ] || die "Zipkin does not have trace $trace_id from all three services"

node "$ROOT_DIR/scripts/browser/zipkin-ui.mjs" trace "$trace_id" --screenshot "$OUT/zipkin-trace.png" >/dev/null
node "$ROOT_DIR/scripts/browser/zipkin-ui.mjs" dependencies --screenshot "$OUT/zipkin-dependencies.png" >/dev/null
info "trace $trace_id: $OUT/zipkin-trace.png"
info "dependency graph: $OUT/zipkin-dependencies.png"
