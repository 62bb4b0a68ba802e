#!/usr/bin/env bash
# Prints where everything is and a first request to try, once `make demo` has everything up.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cat <<TXT

The demo is running:
  gateway (public API)   http://127.0.0.1:8080/api        OpenAPI: http://127.0.0.1:9000/q/openapi
  user-service           http://127.0.0.1:8081/users      health/metrics: http://127.0.0.1:9001/q/health, /q/metrics
  order-service          http://127.0.0.1:8082/orders     health/metrics: http://127.0.0.1:9002/q/health, /q/metrics
  logs                   .run/logs/<service>.log (JSON: traceId, spanId, requestId on every line of a request),
                         .run/logs/<service>.errors.log (errors only), .run/logs/<service>.out (console: WARN and ERROR)
  metrics                http://127.0.0.1:900x/q/metrics (OpenMetrics with exemplars for Prometheus)
  traces                 Zipkin (the trace UI): http://127.0.0.1:9411/zipkin/ (search, trace waterfall, dependencies)
                         Jaeger's query API: http://127.0.0.1:16686/api (this build has no web UI)
                         both fed by the OpenTelemetry Collector (OTLP :4317 gRPC, :4318 HTTP; metrics :8888);
                         every response names its trace in X-Trace-Id
  Prometheus             http://127.0.0.1:9090 (RED, SLO and alert rules: observability/prometheus/rules)
  alerts                 Alertmanager http://127.0.0.1:9093 routes them to the local alert sink:
                         http://127.0.0.1:9095/alerts, .run/logs/alerts.log (runbooks: observability/runbooks)

Try:
  id=\$(curl -s -XPOST localhost:8080/api/users -H 'Content-Type: application/json' \\
       -d "{\\"name\\":\\"Ada\\",\\"email\\":\\"ada-\$RANDOM@example.com\\"}" | jq .id)
  curl -s -XPOST localhost:8080/api/orders -H 'Content-Type: application/json' -H "Idempotency-Key: \$(cat /proc/sys/kernel/random/uuid)" \\
       -d "{\\"userId\\":\$id,\\"items\\":[{\\"sku\\":\\"BOOK-001\\",\\"quantity\\":2}]}"
  curl -s localhost:8080/api/users/\$id/summary

Break something and watch it alert (HighErrorRate pages after about 6.5 minutes of errors):
  scripts/fault.sh db-down orders     # PostgreSQL refuses order-service's database; undo: scripts/fault.sh db-up orders
  ./demo fault latency on user-service ms=500   # an in-code fault (README: Runtime faults); undo: ... off user-service
  ./demo net user-service latency ms=300        # the network between order-service and user-service; undo: ./demo net off

Traffic: a light background load runs (component load-background: the load test's mix of requests, about
  1 request per second; log .run/logs/load-background.log; LOAD_BACKGROUND=0 make demo runs without it).
  make load runs the load test's default profile (75 s) and checks its traces in Jaeger.

Stop with: make stop      Status: make status
TXT

# One real request through all three services, its trace as Jaeger stored it, and where to see it in Zipkin.
if curl -sf http://127.0.0.1:16686/api/services >/dev/null 2>&1; then
  step "A first request, and its trace"
  email="demo-$(date +%s)-$RANDOM@example.com"
  user_id=$(curl -sf -XPOST localhost:8080/api/users -H 'Content-Type: application/json' \
    -d "{\"name\":\"Demo User\",\"email\":\"$email\"}" | sed -n 's/.*"id":\([0-9]*\).*/\1/p')
  trace_id=$(curl -s -o /dev/null -D - -XPOST localhost:8080/api/orders -H 'Content-Type: application/json' \
    -H "X-Request-ID: demo-$(date +%s)" -d "{\"userId\":${user_id:-1},\"items\":[{\"sku\":\"BOOK-001\",\"quantity\":2},{\"sku\":\"MUG-001\",\"quantity\":1}]}" \
    | tr -d '\r' | sed -n 's/^[Xx]-[Tt]race-[Ii]d: //p')
  if [ -n "$trace_id" ]; then
    "$(dirname "$0")/show-trace.py" "$trace_id" http://127.0.0.1:16686 3 || warn "could not read the trace from Jaeger"
    for _ in $(seq 1 20); do
      curl -sf "http://127.0.0.1:9411/api/v2/trace/$trace_id" >/dev/null 2>&1 && break
      sleep 0.5
    done
    printf '\n\033[1mOpen this trace in Zipkin:\033[0m http://127.0.0.1:9411/zipkin/traces/%s\n' "$trace_id"
    printf '\033[1mThe services and their calls:\033[0m http://127.0.0.1:9411/zipkin/dependency (then RUN QUERY)\n\n'
    # A short burst of everyday traffic, so the metrics and Prometheus have something to show.
    for i in 1 2 3 4 5; do
      curl -s -o /dev/null localhost:8080/api/products
      curl -s -o /dev/null "localhost:8080/api/users/${user_id:-1}/summary"
      curl -s -o /dev/null "localhost:8080/api/users/${user_id:-1}/orders"
      curl -s -o /dev/null -XPOST localhost:8080/api/orders -H 'Content-Type: application/json' \
        -d "{\"userId\":${user_id:-1},\"items\":[{\"sku\":\"STICKER-001\",\"quantity\":$i}]}"
      curl -s -o /dev/null localhost:8080/api/users/999999999 # a 404, for the error panels
    done
    info "Sent 25 more requests (orders, summaries, a few 404s) for the metrics."
    info "Any trace: http://127.0.0.1:9411/zipkin/traces/<X-Trace-Id of a response>, or in the terminal:"
    info "scripts/show-trace.py <id> (from Jaeger's API: http://127.0.0.1:16686/api/traces/<id>)"
  fi
fi
