-- Procurement tables: row-level security per territory (0001_tenancy), and the invariants the database holds too.
SELECT mutualis_enable_tenancy('purchasing_groups');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('purchasing_group_members');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('purchasing_lots');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('needs');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('contracts');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('contract_suppliers');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('contract_modifications');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('subcontracting_acts');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('consumptions');
--> statement-breakpoint
ALTER TABLE purchasing_groups ADD CONSTRAINT purchasing_groups_status_check CHECK (status IN ('forming', 'active', 'closed'));
--> statement-breakpoint
ALTER TABLE purchasing_groups ADD CONSTRAINT purchasing_groups_signed_check CHECK (status = 'forming' OR agreement_signed_on IS NOT NULL);
--> statement-breakpoint
ALTER TABLE needs ADD CONSTRAINT needs_values_check CHECK ((quantity IS NULL OR quantity >= 0) AND (estimated_cents IS NULL OR estimated_cents >= 0));
--> statement-breakpoint
ALTER TABLE contracts ADD CONSTRAINT contracts_amount_check CHECK (amount_cents >= 100 AND duration_months >= 1 AND offers_received >= 1);
--> statement-breakpoint
ALTER TABLE consumptions ADD CONSTRAINT consumptions_amount_check CHECK (amount_cents > 0 AND period ~ '^[0-9]{4}(-(0[1-9]|1[0-2]))?$');
