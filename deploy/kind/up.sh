#!/usr/bin/env bash
# Runs the system on a local kind cluster: creates the cluster (cluster.yaml) unless it exists, builds the
# three service images and loads them into it, generates the secrets, applies overlays/kind, waits for every
# rollout and prints where things are. Needs docker (with its engine), kind and kubectl. Idempotent: a second
# run rebuilds the images and applies what changed.
#
#   deploy/kind/up.sh        KIND_CLUSTER_NAME (default obsdemo) to use another cluster name
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CLUSTER=${KIND_CLUSTER_NAME:-obsdemo}
# Every kubectl call names the cluster's context: never whatever the current context is.
KUBECTL=(kubectl --context "kind-$CLUSTER")
SERVICES=(user-service order-service gateway-service)

step() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

for tool in docker kind kubectl; do
  command -v "$tool" >/dev/null || die "$tool is not installed (README: Run on kind)"
done
docker info >/dev/null 2>&1 || die "docker cannot reach a Docker engine"

if kind get clusters 2>/dev/null | grep -qx "$CLUSTER"; then
  step "kind cluster $CLUSTER exists"
else
  step "Creating kind cluster $CLUSTER (deploy/kind/cluster.yaml)"
  kind create cluster --name "$CLUSTER" --config "$HERE/cluster.yaml"
fi

for svc in "${SERVICES[@]}"; do
  step "Building obsdemo/$svc:local and loading it into the cluster"
  docker build -f "$ROOT/$svc/Dockerfile" -t "obsdemo/$svc:local" "$ROOT"
  kind load docker-image "obsdemo/$svc:local" --name "$CLUSTER"
done

step "Secrets (deploy/kind/secrets.sh)"
"$HERE/secrets.sh"

step "Applying overlays/kind"
# The base takes observability/ files from outside its folder, hence the load restrictor. Server-side apply:
# the dashboards' ConfigMap is larger than the annotation a client-side apply would store.
kubectl kustomize --load-restrictor=LoadRestrictionsNone "$HERE/overlays/kind" \
  | "${KUBECTL[@]}" apply --server-side --force-conflicts -f -

step "Waiting for every rollout"
for workload in statefulset/postgres deployment/redis deployment/loki deployment/jaeger deployment/otel-collector \
    deployment/alertmanager deployment/prometheus deployment/grafana \
    deployment/user-service deployment/order-service deployment/gateway-service; do
  "${KUBECTL[@]}" -n observability-demo rollout status "$workload" --timeout=300s
done

cat <<EOT

The system runs on kind cluster $CLUSTER (namespace observability-demo):
  API        http://127.0.0.1:8080/api/products
  Jaeger UI  http://127.0.0.1:16686
  Grafana    http://127.0.0.1:3000   (viewer without login; admin password: deploy/kind/overlays/kind/secrets/admin-password)
  Prometheus kubectl --context kind-$CLUSTER -n observability-demo port-forward svc/prometheus 9090
Tear down: deploy/kind/down.sh
EOT
