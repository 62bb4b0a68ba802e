#!/usr/bin/env bash
# Installs what the project needs from Debian's packages, only what is missing. Idempotent: a second run
# installs nothing and does not even refresh the package lists.
#
#   scripts/install-deps.sh [prometheus] [alertmanager] [browser] [check] [fuzz] [bench]
#
# bench: wrk (Debian), the closed-loop load generator that bench/bench.py uses to find each route's maximum
# throughput (its fixed-rate runs need only Python's standard library).
#
# check: what `make check` runs besides Maven: shellcheck (Debian) and ruff (PyPI, pinned by hash in
# scripts/check/requirements.txt, into .tools/check-venv), and promtool (prometheus).
#
# fuzz: schemathesis (PyPI, every wheel pinned by hash in scripts/fuzz/requirements.txt) into .tools/fuzz-venv,
# for the gateway's schema-driven fuzz test (system-tests, FuzzGatewayTest).
#
# browser: Debian's Chromium, and playwright-core (pinned in scripts/browser/package-lock.json) to drive it,
# for the trace UI tests and scripts/screenshot.sh. Playwright never downloads a browser here: it drives
# /usr/bin/chromium.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# command to look for -> Debian package that provides it
declare -A wanted=(
  [/usr/bin/pg_ctlcluster]=postgresql
  [/usr/bin/redis-server]=redis-server
  [/usr/bin/redis-cli]=redis-tools
  [/usr/bin/mvn]=maven
  [/usr/bin/curl]=curl
  [/usr/bin/jq]=jq
  # show-trace.py, the alert sink (alert-sink.py), the dashboard generator
  [/usr/bin/python3]=python3
)
browser=0
check=0
fuzz=0
for extra in "$@"; do
  case "$extra" in
    prometheus) wanted[/usr/bin/prometheus]=prometheus; wanted[/usr/bin/promtool]=prometheus ;;
    alertmanager) wanted[/usr/bin/prometheus-alertmanager]=prometheus-alertmanager; wanted[/usr/bin/amtool]=prometheus-alertmanager ;;
    browser) wanted[/usr/bin/chromium]=chromium; browser=1 ;;
    check) wanted[/usr/bin/shellcheck]=shellcheck; wanted[/usr/bin/promtool]=prometheus; check=1 ;;
    fuzz) fuzz=1 ;;
    bench) wanted[/usr/bin/wrk]=wrk ;;
    *) die "install-deps: unknown component '$extra'" ;;
  esac
done

# The Python linter, in a virtual environment of its own, reinstalled only when the requirements change.
install_python_linter() {
  local venv="$TOOLS_DIR/check-venv" requirements="$ROOT_DIR/scripts/check/requirements.txt"
  if [ -x "$venv/bin/ruff" ] && [ ! "$requirements" -nt "$venv/bin/ruff" ]; then
    return
  fi
  step "Installing ruff (scripts/check/requirements.txt, hashes required)"
  python3 -m venv "$venv" || die "install-deps: python3 -m venv failed (Debian: apt-get install python3-venv)"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --require-hashes --no-deps -r "$requirements" \
    || die "install-deps: pip could not install ruff"
  touch "$venv/bin/ruff"
}

# The API fuzzer, in a virtual environment of its own, reinstalled only when the requirements change. Wheels only
# and no dependency resolution: the file names every package with its hash, so nothing else can come in.
install_fuzzer() {
  local venv="$TOOLS_DIR/fuzz-venv" requirements="$ROOT_DIR/scripts/fuzz/requirements.txt"
  if [ -x "$venv/bin/schemathesis" ] && [ ! "$requirements" -nt "$venv/bin/schemathesis" ]; then
    return
  fi
  step "Installing schemathesis (scripts/fuzz/requirements.txt, hashes required)"
  rm -rf "$venv"
  python3 -m venv "$venv" || die "install-deps: python3 -m venv failed (Debian: apt-get install python3-venv)"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --require-hashes --no-deps --only-binary=:all: \
    -r "$requirements" || die "install-deps: pip could not install schemathesis (hash mismatch, or no wheel for $(python3 --version))"
  touch "$venv/bin/schemathesis"
}

# The browser driver: npm packages as the lock file pins them, installed again only when the lock file changed.
install_browser_driver() {
  local dir="$ROOT_DIR/scripts/browser" node_major
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    die "install-deps: Node.js >= 20 with npm is needed for the browser tests (node not found)"
  fi
  node_major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$node_major" -ge 20 ] || die "install-deps: Node.js >= 20 is needed for the browser tests, found $(node --version)"
  if [ -f "$dir/node_modules/.package-lock.json" ] && [ ! "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    return
  fi
  step "Installing the browser driver (npm ci in scripts/browser)"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || die "install-deps: npm ci in $dir failed"
}

missing=()
for path in "${!wanted[@]}"; do
  [ -x "$path" ] || missing+=("${wanted[$path]}")
done
# PostgreSQL's server binaries come with the versioned package; the metapackage alone is not enough.
[ -n "$(pg_version)" ] || missing+=(postgresql)

if [ ${#missing[@]} -eq 0 ]; then
  info "dependencies already installed"
  [ $browser -eq 0 ] || install_browser_driver
  [ $check -eq 0 ] || install_python_linter
  [ $fuzz -eq 0 ] || install_fuzzer
  exit 0
fi
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
command -v apt-get >/dev/null || die "install-deps: apt-get not found; install by hand: ${missing[*]}"
step "Installing from Debian's packages: ${missing[*]}"
as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
# policy-rc.d 101 keeps the packages from starting their daemons: scripts/infra-up.sh starts what we need.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
  as_root chmod +x "$policy"
  trap 'as_root rm -f "$policy"' EXIT
fi
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
info "installed in $(elapsed)"
[ $browser -eq 0 ] || install_browser_driver
[ $check -eq 0 ] || install_python_linter
[ $fuzz -eq 0 ] || install_fuzzer
