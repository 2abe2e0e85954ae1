-- Row-level security for the deliberations module's tables (DESIGN.md, Tenancy).
SELECT mutualis_enable_tenancy('deliberation_counters');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('deliberations');
--> statement-breakpoint
SELECT mutualis_enable_tenancy('deliberation_annexes');
