#!/usr/bin/env bash
# Installs what the project needs from Debian's packages, only what is missing. Idempotent: a second run
# installs nothing and does not even refresh the package lists.
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
for extra in "$@"; do
  case "$extra" in
    prometheus) wanted[/usr/bin/prometheus]=prometheus; wanted[/usr/bin/promtool]=prometheus ;;
    alertmanager) wanted[/usr/bin/prometheus-alertmanager]=prometheus-alertmanager; wanted[/usr/bin/amtool]=prometheus-alertmanager ;;
    *) die "install-deps: unknown component '$extra'" ;;
  esac
done

missing=()
for path in "${!wanted[@]}"; do
  [ -x "$path" ] || missing+=("${wanted[$path]}")
done
# PostgreSQL's server binaries come with the versioned package; the metapackage alone is not enough.
[ -n "$(pg_version)" ] || missing+=(postgresql)

if [ ${#missing[@]} -eq 0 ]; then
  info "dependencies already installed"
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
