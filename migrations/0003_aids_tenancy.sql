-- Tenancy of the aids module's tables (row-level security, grants to mutualis_app).
SELECT mutualis_enable_tenancy('funding_schemes');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('density_levels');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('fiscal_potentials');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('projects');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('project_fundings');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('saved_searches');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('aid_notifications');
--> statement-breakpoint
-- Percentages are between 0 and 100; amounts are never negative; a scheme's bounds come 8 per case.
ALTER TABLE funding_schemes ADD CONSTRAINT funding_schemes_rates_check CHECK ((rate_min IS NULL OR rate_min BETWEEN 0 AND 100) AND (rate_max IS NULL OR rate_max BETWEEN 0 AND 100));
--> statement-breakpoint
ALTER TABLE funding_schemes ADD CONSTRAINT funding_schemes_bounds_check CHECK (cardinality(eligibility_bounds) % 8 = 0 AND cardinality(eligibility_bounds) <= 16 AND criteria_cases BETWEEN 0 AND 3);
--> statement-breakpoint
ALTER TABLE projects ADD CONSTRAINT projects_cost_check CHECK (estimated_cost_cents >= 0);
--> statement-breakpoint
ALTER TABLE project_fundings ADD CONSTRAINT project_fundings_amounts_check CHECK ((requested_cents IS NULL OR requested_cents >= 0) AND (obtained_cents IS NULL OR obtained_cents >= 0));
--> statement-breakpoint
ALTER TABLE density_levels ADD CONSTRAINT density_levels_level_check CHECK (level BETWEEN 1 AND 7);
