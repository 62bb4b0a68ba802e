#!/bin/sh
# Entry point of the service images. The services take every setting from the environment; a secret may come
# as a file instead (Docker's *_FILE convention: docker compose mounts its generated passwords as files), so
# DB_PASSWORD_FILE is read into DB_PASSWORD here and the password never shows in `docker inspect`.
set -eu
if [ -n "${DB_PASSWORD_FILE:-}" ]; then
  DB_PASSWORD=$(cat "$DB_PASSWORD_FILE")
  export DB_PASSWORD
fi
# JAVA_OPTS is a list of flags (set in the Dockerfile, appended to with JAVA_OPTS_APPEND): split on purpose.
# shellcheck disable=SC2086
exec java $JAVA_OPTS ${JAVA_OPTS_APPEND:-} -jar /deployments/quarkus-run.jar "$@"
