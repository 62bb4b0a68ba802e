#!/bin/sh
# The `secrets` job of docker compose: writes the deployment's secrets into their volumes on the first `up`,
# so none is in the repository and a fresh clone needs no set-up step. Passwords are generated once and kept
# (the PostgreSQL volume was initialised with them); Alertmanager's receiver secrets are written on every `up`
# from the environment of the shell that ran it, or as placeholders: with placeholders the routing works and
# every notification fails with a line in Alertmanager's log.
set -eu
umask 077

password() {
  [ -s "$1" ] && return 0
  head -c 32 /dev/urandom | base64 | tr -d '/+=\n' | head -c 32 >"$1.tmp"
  mv "$1.tmp" "$1"
  echo "generated $1"
}

password /secrets/db/postgres-password
password /secrets/db/users-password
password /secrets/db/orders-password
password /secrets/grafana/admin-password
printf '%s' "${PAGERDUTY_ROUTING_KEY:-placeholder-pagerduty-routing-key}" >/secrets/alertmanager/pagerduty-routing-key
printf '%s' "${SLACK_WEBHOOK_URL:-https://hooks.slack.invalid/placeholder}" >/secrets/alertmanager/slack-webhook-url
printf '%s' "${SMTP_PASSWORD:-placeholder-smtp-password}" >/secrets/alertmanager/smtp-password

# Each reader runs as its own user: PostgreSQL 70 (owner), the services 10001 (group), Grafana 472,
# Alertmanager 65534 (nobody). Nobody else can read them.
chown 70:10001 /secrets/db/*-password && chmod 0440 /secrets/db/*-password
chown 472:472 /secrets/grafana/admin-password && chmod 0400 /secrets/grafana/admin-password
chown 65534:65534 /secrets/alertmanager/* && chmod 0400 /secrets/alertmanager/*
chmod 0755 /secrets/db /secrets/grafana /secrets/alertmanager
