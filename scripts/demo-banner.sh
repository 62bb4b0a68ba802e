#!/usr/bin/env bash
# Prints where everything is and a first request to try, once `make demo` has everything up.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cat <<TXT

The demo is running:
  gateway (public API)   http://127.0.0.1:8080/api        OpenAPI: http://127.0.0.1:9000/q/openapi
  user-service           http://127.0.0.1:8081/users      health/metrics: http://127.0.0.1:9001/q/health, /q/metrics
  order-service          http://127.0.0.1:8082/orders     health/metrics: http://127.0.0.1:9002/q/health, /q/metrics
  logs                   .run/logs/<service>.log (JSON, one line per event)

Try:
  curl -s -XPOST localhost:8080/api/users -H 'Content-Type: application/json' -d '{"name":"Ada","email":"ada@example.com"}'
  curl -s -XPOST localhost:8080/api/orders -H 'Content-Type: application/json' -H "Idempotency-Key: \$(cat /proc/sys/kernel/random/uuid)" \\
       -d '{"userId":1,"items":[{"sku":"BOOK-001","quantity":2}]}'
  curl -s localhost:8080/api/users/1/summary

Stop with: make stop      Status: make status
TXT
