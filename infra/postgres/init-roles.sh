#!/bin/sh
# compose only: the official postgres image runs this once, on an empty data volume. It makes
# Kura's owner and application roles with roles.sql and gives them the passwords from the
# environment (a local trial; in production set them with psql's \password, see infra/README.md).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v db=kura -v owner=kura_owner -v app=kura_app -f /kura/roles.sql
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_pw="$KURA_OWNER_PASSWORD" -v app_pw="$KURA_APP_PASSWORD" <<'SQL'
alter role kura_owner password :'owner_pw';
alter role kura_app password :'app_pw';
SQL
