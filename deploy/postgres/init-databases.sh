#!/bin/sh
# Runs once, when PostgreSQL's data directory is empty (the official image's /docker-entrypoint-initdb.d, in
# docker compose and kind alike): one role and one database per service, as scripts/infra-up.sh makes them
# locally, with the passwords the deployment generated (files under /run/secrets/db/).
set -eu
for name in users orders; do
  password=$(cat "/run/secrets/db/$name-password")
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v role="$name" -v password="$password" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"role" OWNER :"role";
SQL
done
