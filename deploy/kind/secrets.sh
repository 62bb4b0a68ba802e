#!/usr/bin/env bash
# Writes the kind overlay's secrets into deploy/kind/overlays/kind/secrets/ (git-ignored), where its
# secretGenerator reads them. Passwords are random and generated once: PostgreSQL's volume keeps the ones it
# was initialised with. Alertmanager's receiver secrets come from PAGERDUTY_ROUTING_KEY, SLACK_WEBHOOK_URL and
# SMTP_PASSWORD when they are set, placeholders otherwise (routing works; notifications fail and say so).
#
#   deploy/kind/secrets.sh [DIR]     default DIR: deploy/kind/overlays/kind/secrets
set -euo pipefail
dir=${1:-$(cd "$(dirname "$0")" && pwd)/overlays/kind/secrets}
mkdir -p "$dir"
chmod 700 "$dir"
umask 077

password() {
  [ -s "$dir/$1" ] && return 0
  head -c 32 /dev/urandom | base64 | tr -d '/+=\n' | head -c 32 >"$dir/$1"
  echo "generated $dir/$1"
}
password postgres-password
password users-password
password orders-password
password admin-password
printf '%s' "${PAGERDUTY_ROUTING_KEY:-placeholder-pagerduty-routing-key}" >"$dir/pagerduty-routing-key"
printf '%s' "${SLACK_WEBHOOK_URL:-https://hooks.slack.invalid/placeholder}" >"$dir/slack-webhook-url"
printf '%s' "${SMTP_PASSWORD:-placeholder-smtp-password}" >"$dir/smtp-password"
