#!/bin/bash
# Runs once, on the first start with an empty data directory (docker-entrypoint-initdb.d): command-service gets its
# own database and so does loyalty-service (brew_loyalty), owned by a user that is never the superuser.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
     --set=brew_user="$BREW_DB_USER" --set=brew_password="$BREW_DB_PASSWORD" <<'SQL'
CREATE ROLE :"brew_user" LOGIN PASSWORD :'brew_password';
CREATE DATABASE brew_command OWNER :"brew_user";
REVOKE ALL ON DATABASE brew_command FROM PUBLIC;
CREATE DATABASE brew_loyalty OWNER :"brew_user";
REVOKE ALL ON DATABASE brew_loyalty FROM PUBLIC;
SQL
