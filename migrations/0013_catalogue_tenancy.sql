-- Catalogue tables: row-level security per territory (0001_tenancy), and the invariants the database holds too.
SELECT mutualis_enable_tenancy('catalogue_offers');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('catalogue_subscriptions');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('catalogue_accounts');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('catalogue_referents');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('catalogue_meetings');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('catalogue_attendances');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('catalogue_trainings');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('catalogue_trainees');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('catalogue_settings');
--> statement-breakpoint
ALTER TABLE catalogue_subscriptions ADD CONSTRAINT catalogue_subscriptions_status_check CHECK (status IN ('requested', 'approved', 'refused') AND (status <> 'approved' OR starts_on IS NOT NULL) AND (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on));
--> statement-breakpoint
ALTER TABLE catalogue_accounts ADD CONSTRAINT catalogue_accounts_count_check CHECK (count >= 1 AND (holder_name IS NULL OR count = 1) AND (closed_on IS NULL OR closed_on >= opened_on));
--> statement-breakpoint
ALTER TABLE catalogue_meetings ADD CONSTRAINT catalogue_meetings_outside_check CHECK (outside_attendees >= 0);
--> statement-breakpoint
ALTER TABLE catalogue_attendances ADD CONSTRAINT catalogue_attendances_check CHECK (attendees >= 1);
--> statement-breakpoint
ALTER TABLE catalogue_trainees ADD CONSTRAINT catalogue_trainees_body_check CHECK (collectivity_id IS NOT NULL OR outside_body IS NOT NULL);
--> statement-breakpoint
ALTER TABLE catalogue_settings ADD CONSTRAINT catalogue_settings_retention_check CHECK (trainee_retention_months BETWEEN 1 AND 120);
