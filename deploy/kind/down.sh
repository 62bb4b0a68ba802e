#!/usr/bin/env bash
# Deletes the kind cluster deploy/kind/up.sh created, and everything in it (the generated secrets stay in
# overlays/kind/secrets/ for the next up; delete that folder to get new ones).
set -euo pipefail
CLUSTER=${KIND_CLUSTER_NAME:-obsdemo}
command -v kind >/dev/null || { echo "kind is not installed" >&2; exit 1; }
kind delete cluster --name "$CLUSTER"
