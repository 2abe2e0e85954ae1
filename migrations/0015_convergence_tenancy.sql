-- Convergence projects and the pooling scheme: row-level security per territory (0001_tenancy), and the invariants the database holds too.
SELECT mutualis_enable_tenancy('convergence_projects');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('convergence_participants');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('pooling_schemes');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('scheme_actions');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('scheme_opinions');
--> statement-breakpoint
ALTER TABLE convergence_projects ADD CONSTRAINT convergence_projects_values_check CHECK (category IN ('software', 'partnership', 'steering') AND status IN ('planned', 'inProgress', 'done', 'abandoned') AND started_on_precision IN ('year', 'month', 'day'));
--> statement-breakpoint
ALTER TABLE scheme_actions ADD CONSTRAINT scheme_actions_status_check CHECK (status IN ('planned', 'inProgress', 'done', 'abandoned'));
--> statement-breakpoint
ALTER TABLE scheme_opinions ADD CONSTRAINT scheme_opinions_opinion_check CHECK (opinion IN ('favourable', 'unfavourable'));
