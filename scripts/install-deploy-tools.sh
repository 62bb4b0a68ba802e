#!/usr/bin/env bash
# Installs the tools the deploy checks run (make test: system-tests, package dev.obsdemo.system.deploy) into
# .tools/ (git-ignored), each from its own registry at a pinned version with checksums, each only once:
#
#   .tools/bin/deploy-check   deploy/checks, a Go module (compose-go, kustomize, the Pod Security admission
#                             library, kind's config types, the collector's components): go.sum checked,
#                             built with -mod=readonly
#   .tools/deploy-venv/       kubernetes-validate and hadolint (PyPI): deploy/checks/requirements.txt, every
#                             wheel's sha256 required
#   .tools/deploy-npm/        dclint (npm): deploy/checks/package-lock.json, every package's integrity hash
#   .tools/bin/jaeger         scripts/build-jaeger.sh: its `validate` checks Jaeger's container configuration
#
# Idempotent: a tool is rebuilt only when its pinned inputs change (their hash is in a stamp beside it).
# FORCE=1 reinstalls everything. Logs: .run/logs/deploy-tools-*.log
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"

CHECKS="$ROOT_DIR/deploy/checks"
LOG_DIR="$RUN_DIR/logs"
mkdir -p "$TOOLS_DIR/bin" "$LOG_DIR"

inputs_hash() {
  cat "$@" | sha256sum | cut -d' ' -f1
}

# fresh STAMP FILE...: true when STAMP holds the hash of FILE... (and FORCE is not set).
fresh() {
  local stamp=$1; shift
  [ "${FORCE:-0}" != 1 ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(inputs_hash "$@")" ]
}

# Only one install at a time (make test and a second shell may both start one).
exec 9>"$TOOLS_DIR/.deploy-tools.lock"
flock 9

# --- deploy-check (Go) ----------------------------------------------------------------------------------------
go_inputs=("$CHECKS/go.mod" "$CHECKS/go.sum" "$CHECKS"/*.go)
if fresh "$TOOLS_DIR/bin/deploy-check.stamp" "${go_inputs[@]}" && [ -x "$TOOLS_DIR/bin/deploy-check" ]; then
  info "deploy-check already built"
else
  command -v go >/dev/null 2>&1 || die "go is not installed or not on PATH (need Go >= $(sed -n 's/^go //p' "$CHECKS/go.mod"))"
  LOG="$LOG_DIR/deploy-tools-go.log"
  : >"$LOG"
  step "Building deploy-check (deploy/checks; a cold build takes about 3 minutes on 2 cores; log: $LOG)"
  export CGO_ENABLED=0 GOWORK=off GOFLAGS="-mod=readonly -buildvcs=false"
  cd "$CHECKS"
  current_step="downloading modules"
  info "$current_step (hashes checked against go.sum)"
  run_logged go mod download || build_failed deploy-check
  current_step="verifying the module cache"
  run_logged go mod verify || build_failed deploy-check
  current_step="compiling"
  tmp=$(mktemp "$TOOLS_DIR/bin/.deploy-check.XXXXXX")
  run_logged go build -trimpath -ldflags "-s -w" -o "$tmp" . || { rm -f "$tmp"; build_failed deploy-check; }
  mv -f "$tmp" "$TOOLS_DIR/bin/deploy-check"
  inputs_hash "${go_inputs[@]}" >"$TOOLS_DIR/bin/deploy-check.stamp"
  cd "$ROOT_DIR"
  info "deploy-check built in $(elapsed)"
fi

# --- kubernetes-validate, hadolint (PyPI) ---------------------------------------------------------------------
VENV="$TOOLS_DIR/deploy-venv"
if fresh "$VENV/.stamp" "$CHECKS/requirements.txt" && [ -x "$VENV/bin/kubernetes-validate" ] && [ -x "$VENV/bin/hadolint" ]; then
  info "kubernetes-validate and hadolint already installed"
else
  LOG="$LOG_DIR/deploy-tools-pypi.log"
  step "Installing kubernetes-validate and hadolint from PyPI (log: $LOG)"
  rm -rf "$VENV"
  if ! python3 -m venv "$VENV" >"$LOG" 2>&1; then
    # Debian's python3 makes venvs only with python3-venv.
    info "python3 -m venv failed; installing Debian's python3-venv"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >>"$LOG" 2>&1
    python3 -m venv "$VENV" >>"$LOG" 2>&1 || die "python3 -m venv failed; log: $LOG"
  fi
  "$VENV/bin/pip" install --no-cache-dir --disable-pip-version-check --require-hashes --only-binary=:all: \
    -r "$CHECKS/requirements.txt" >>"$LOG" 2>&1 || die "pip install failed (hash mismatch or no wheel for $(python3 --version)); log: $LOG"
  inputs_hash "$CHECKS/requirements.txt" >"$VENV/.stamp"
  info "$("$VENV/bin/kubernetes-validate" --version | tail -n 1 | sed 's/^/kubernetes-validate /'), $("$VENV/bin/hadolint" --version)"
fi

# --- dclint (npm) -----------------------------------------------------------------------------------------------
NPM_DIR="$TOOLS_DIR/deploy-npm"
if fresh "$NPM_DIR/.stamp" "$CHECKS/package.json" "$CHECKS/package-lock.json" && [ -x "$NPM_DIR/node_modules/.bin/dclint" ]; then
  info "dclint already installed"
else
  command -v npm >/dev/null 2>&1 || die "npm is not installed or not on PATH (Debian: apt-get install npm)"
  LOG="$LOG_DIR/deploy-tools-npm.log"
  step "Installing dclint from npm (log: $LOG)"
  rm -rf "$NPM_DIR"
  mkdir -p "$NPM_DIR"
  cp "$CHECKS/package.json" "$CHECKS/package-lock.json" "$NPM_DIR/"
  # npm ci installs exactly the lock file and fails on any integrity mismatch; no install scripts run.
  (cd "$NPM_DIR" && npm ci --ignore-scripts --no-audit --no-fund) >"$LOG" 2>&1 || die "npm ci failed; log: $LOG"
  inputs_hash "$CHECKS/package.json" "$CHECKS/package-lock.json" >"$NPM_DIR/.stamp"
  info "dclint $("$NPM_DIR/node_modules/.bin/dclint" --version 2>/dev/null | tail -n 1)"
fi

# --- Jaeger (its own validate) ----------------------------------------------------------------------------------
"$ROOT_DIR/scripts/build-jaeger.sh"
