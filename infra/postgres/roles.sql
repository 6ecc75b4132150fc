-- Kura's two database roles and its database. Run once, as a superuser (or a role with CREATEROLE
-- and CREATEDB), against any database of the server:
--
--   psql "postgres://admin@db.internal/postgres" -v ON_ERROR_STOP=1 \
--     -v db=kura -v owner=kura_owner -v app=kura_app -f infra/postgres/roles.sql
--
-- then give both roles a password with psql's \password (it sends only a hash; a password inside a
-- CREATE ROLE statement can end up in the server's statement log):
--
--   \password kura_owner
--   \password kura_app
--
-- owner: owns the database, the schema and every table; Kura runs migrations as it
--        (DATABASE_MIGRATION_URL). Keep its credentials with the deployment's migration step only.
-- app:   what the API, the workers and the CLI connect as (DATABASE_URL). After migrating, Kura
--        grants it ordinary DML on every table except audit_events, where it may only INSERT and
--        SELECT; not owning the table, it cannot ALTER it (disable the append-only trigger),
--        TRUNCATE, UPDATE or DELETE there, or grant itself more.

create role :"owner" login;
create role :"app" login;
create database :"db" owner :"owner";

\connect :"db"

-- PostgreSQL 14 and older give the public schema to the bootstrap superuser and let every role
-- create objects in it; 15 and later already restrict it. Either way: the owner's, and only the
-- owner creates.
alter schema public owner to :"owner";
revoke create on schema public from public;
grant usage on schema public to :"app";

-- Tables and sequences the owner creates from now on (every migration) are usable by the app at
-- once. Kura re-applies this, and the per-table grants in infra/README.md, after each migration.
alter default privileges for role :"owner" in schema public grant select, insert, update, delete on tables to :"app";
alter default privileges for role :"owner" in schema public grant usage, select on sequences to :"app";
