-- Agreements tables: row-level security per territory (0001_tenancy), and the invariants the database holds too.
SELECT mutualis_enable_tenancy('shared_services');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('service_participants');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('agreements');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('agreement_parties');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('amendments');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('amendment_participants');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('approvals');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('staff');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('steering_committees');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('steering_committee_members');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('steering_committee_meetings');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('compensation_allocations');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('compensation_deductions');
--> statement-breakpoint
ALTER TABLE shared_services ADD CONSTRAINT shared_services_kind_check CHECK (kind IN ('sharedService', 'serviceProvision', 'serviceContract') AND status IN ('planned', 'active', 'ended') AND (created_on_precision IS NULL OR created_on_precision IN ('year', 'month', 'day')));
--> statement-breakpoint
ALTER TABLE service_participants ADD CONSTRAINT service_participants_dates_check CHECK (valid_to IS NULL OR valid_to >= valid_from);
--> statement-breakpoint
ALTER TABLE amendments ADD CONSTRAINT amendments_number_check CHECK (number >= 1 AND (forecast_units IS NULL OR forecast_units >= 0));
--> statement-breakpoint
ALTER TABLE amendment_participants ADD CONSTRAINT amendment_participants_route_check CHECK (payment_route IN ('invoice', 'compensationDeduction'));
--> statement-breakpoint
ALTER TABLE approvals ADD CONSTRAINT approvals_target_check CHECK ((agreement_id IS NULL) <> (amendment_id IS NULL));
--> statement-breakpoint
ALTER TABLE staff ADD CONSTRAINT staff_values_check CHECK (status IN ('transferred', 'placedAtDisposal') AND fte > 0 AND fte <= 1 AND yearly_cost_cents >= 0);
--> statement-breakpoint
ALTER TABLE compensation_deductions ADD CONSTRAINT compensation_deductions_amount_check CHECK (amount_cents >= 0);
