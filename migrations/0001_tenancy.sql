-- Tenancy (DESIGN.md): the application works as mutualis_app, which owns no table, so that
-- FORCE ROW LEVEL SECURITY on every territory table is a second wall behind the application's own scoping.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mutualis_app') THEN
    CREATE ROLE mutualis_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
END $$;
--> statement-breakpoint
DO $$
BEGIN
  EXECUTE format('GRANT mutualis_app TO %I', current_user);
EXCEPTION WHEN OTHERS THEN
  NULL; -- already a member, or a superuser (who may SET ROLE anyway)
END $$;
--> statement-breakpoint
DO $$
BEGIN
  EXECUTE format('GRANT USAGE ON SCHEMA public TO mutualis_app');
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION mutualis_territory() RETURNS uuid
  LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('mutualis.territory_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION mutualis_person() RETURNS uuid
  LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('mutualis.person_id', true), '')::uuid $$;
--> statement-breakpoint
-- Each later migration that adds a territory table calls this once for it.
CREATE OR REPLACE FUNCTION mutualis_enable_tenancy(tbl regclass) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format('CREATE POLICY tenant ON %s USING (territory_id = mutualis_territory()) WITH CHECK (territory_id = mutualis_territory())', tbl);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO mutualis_app', tbl);
END $$;
--> statement-breakpoint
SELECT mutualis_enable_tenancy('collectivities');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('epci_natures');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('memberships');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('populations');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('role_assignments');
--> statement-breakpoint
-- A person reads their own roles in every territory (to choose one after login).
CREATE POLICY own_roles ON role_assignments FOR SELECT USING (person_id = mutualis_person());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON territories, people, sessions, api_tokens TO mutualis_app;
--> statement-breakpoint
-- The audit log is append-only for the application: no UPDATE, no DELETE.
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY chain ON audit_log
  USING (territory_id IS NOT DISTINCT FROM mutualis_territory())
  WITH CHECK (territory_id IS NOT DISTINCT FROM mutualis_territory());
--> statement-breakpoint
GRANT SELECT, INSERT ON audit_log TO mutualis_app;
