CREATE TABLE "agreement_parties" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"agreement_id" uuid NOT NULL,
	"collectivity_id" uuid NOT NULL,
	CONSTRAINT "agreement_parties_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "agreement_parties_key" UNIQUE("territory_id","agreement_id","collectivity_id")
);
--> statement-breakpoint
CREATE TABLE "agreements" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"service_id" uuid,
	"reference" text NOT NULL,
	"object" text NOT NULL,
	"signed_on" date,
	"in_force_from" date,
	"ends_on" date,
	"note" text,
	CONSTRAINT "agreements_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "agreements_reference_key" UNIQUE("territory_id","reference")
);
--> statement-breakpoint
CREATE TABLE "amendment_participants" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"amendment_id" uuid NOT NULL,
	"collectivity_id" uuid NOT NULL,
	"payment_route" text NOT NULL,
	"installments" jsonb NOT NULL,
	CONSTRAINT "amendment_participants_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "amendment_participants_key" UNIQUE("territory_id","amendment_id","collectivity_id")
);
--> statement-breakpoint
CREATE TABLE "amendments" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"agreement_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"object" text NOT NULL,
	"signed_on" date,
	"effective_from" date NOT NULL,
	"charging_scheme" jsonb NOT NULL,
	"work_unit" text,
	"forecast_units" numeric,
	"impact_sheet" text,
	"staff_committee_opinion_on" date,
	"staff_committee_opinion" text,
	"note" text,
	CONSTRAINT "amendments_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "amendments_number_key" UNIQUE("territory_id","agreement_id","number")
);
--> statement-breakpoint
CREATE TABLE "approvals" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"agreement_id" uuid,
	"amendment_id" uuid,
	"collectivity_id" uuid NOT NULL,
	"body" text NOT NULL,
	"approved_on" date NOT NULL,
	"deliberation_reference" text,
	"deliberation_id" uuid,
	CONSTRAINT "approvals_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "approvals_agreement_key" UNIQUE("territory_id","agreement_id","collectivity_id"),
	CONSTRAINT "approvals_amendment_key" UNIQUE("territory_id","amendment_id","collectivity_id")
);
--> statement-breakpoint
CREATE TABLE "compensation_allocations" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"commune_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"clect_amount_cents" bigint NOT NULL,
	"clect_report_on" date,
	"deliberation_reference" text,
	"note" text,
	CONSTRAINT "compensation_allocations_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "compensation_allocations_key" UNIQUE("territory_id","commune_id","year")
);
--> statement-breakpoint
CREATE TABLE "compensation_deductions" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"commune_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"service_id" uuid NOT NULL,
	"amount_cents" bigint NOT NULL,
	"source" text NOT NULL,
	"label" text NOT NULL,
	CONSTRAINT "compensation_deductions_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "compensation_deductions_key" UNIQUE("territory_id","commune_id","year","service_id","source")
);
--> statement-breakpoint
CREATE TABLE "service_participants" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"service_id" uuid NOT NULL,
	"collectivity_id" uuid NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	CONSTRAINT "service_participants_territory_id_id_pk" PRIMARY KEY("territory_id","id")
);
--> statement-breakpoint
CREATE TABLE "shared_services" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"reference" text NOT NULL,
	"name" text NOT NULL,
	"theme" text NOT NULL,
	"managing_collectivity_id" uuid NOT NULL,
	"created_on" date,
	"created_on_precision" text,
	"activities" text NOT NULL,
	"status" text NOT NULL,
	"ended_on" date,
	"note" text,
	CONSTRAINT "shared_services_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "shared_services_reference_key" UNIQUE("territory_id","reference")
);
--> statement-breakpoint
CREATE TABLE "staff" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"service_id" uuid NOT NULL,
	"origin_collectivity_id" uuid NOT NULL,
	"post" text NOT NULL,
	"agent_name" text,
	"status" text NOT NULL,
	"fte" numeric NOT NULL,
	"yearly_cost_cents" bigint NOT NULL,
	"valid_from" date,
	"valid_to" date,
	"note" text,
	CONSTRAINT "staff_territory_id_id_pk" PRIMARY KEY("territory_id","id")
);
--> statement-breakpoint
CREATE TABLE "steering_committee_meetings" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"committee_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"agenda" text NOT NULL,
	"decisions" text[] NOT NULL,
	CONSTRAINT "steering_committee_meetings_territory_id_id_pk" PRIMARY KEY("territory_id","id")
);
--> statement-breakpoint
CREATE TABLE "steering_committee_members" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"committee_id" uuid NOT NULL,
	"collectivity_id" uuid NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	CONSTRAINT "steering_committee_members_territory_id_id_pk" PRIMARY KEY("territory_id","id")
);
--> statement-breakpoint
CREATE TABLE "steering_committees" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"agreement_id" uuid NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "steering_committees_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "steering_committees_agreement_key" UNIQUE("territory_id","agreement_id")
);
--> statement-breakpoint
ALTER TABLE "agreement_parties" ADD CONSTRAINT "agreement_parties_territory_id_agreement_id_agreements_territory_id_id_fk" FOREIGN KEY ("territory_id","agreement_id") REFERENCES "public"."agreements"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_parties" ADD CONSTRAINT "agreement_parties_territory_id_collectivity_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","collectivity_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreements" ADD CONSTRAINT "agreements_territory_id_territories_id_fk" FOREIGN KEY ("territory_id") REFERENCES "public"."territories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreements" ADD CONSTRAINT "agreements_territory_id_service_id_shared_services_territory_id_id_fk" FOREIGN KEY ("territory_id","service_id") REFERENCES "public"."shared_services"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "amendment_participants" ADD CONSTRAINT "amendment_participants_territory_id_amendment_id_amendments_territory_id_id_fk" FOREIGN KEY ("territory_id","amendment_id") REFERENCES "public"."amendments"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "amendment_participants" ADD CONSTRAINT "amendment_participants_territory_id_collectivity_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","collectivity_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "amendments" ADD CONSTRAINT "amendments_territory_id_agreement_id_agreements_territory_id_id_fk" FOREIGN KEY ("territory_id","agreement_id") REFERENCES "public"."agreements"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_territory_id_agreement_id_agreements_territory_id_id_fk" FOREIGN KEY ("territory_id","agreement_id") REFERENCES "public"."agreements"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_territory_id_amendment_id_amendments_territory_id_id_fk" FOREIGN KEY ("territory_id","amendment_id") REFERENCES "public"."amendments"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_territory_id_collectivity_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","collectivity_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compensation_allocations" ADD CONSTRAINT "compensation_allocations_territory_id_commune_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","commune_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compensation_deductions" ADD CONSTRAINT "compensation_deductions_territory_id_commune_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","commune_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compensation_deductions" ADD CONSTRAINT "compensation_deductions_territory_id_service_id_shared_services_territory_id_id_fk" FOREIGN KEY ("territory_id","service_id") REFERENCES "public"."shared_services"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_participants" ADD CONSTRAINT "service_participants_territory_id_service_id_shared_services_territory_id_id_fk" FOREIGN KEY ("territory_id","service_id") REFERENCES "public"."shared_services"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_participants" ADD CONSTRAINT "service_participants_territory_id_collectivity_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","collectivity_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shared_services" ADD CONSTRAINT "shared_services_territory_id_territories_id_fk" FOREIGN KEY ("territory_id") REFERENCES "public"."territories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shared_services" ADD CONSTRAINT "shared_services_territory_id_managing_collectivity_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","managing_collectivity_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff" ADD CONSTRAINT "staff_territory_id_service_id_shared_services_territory_id_id_fk" FOREIGN KEY ("territory_id","service_id") REFERENCES "public"."shared_services"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff" ADD CONSTRAINT "staff_territory_id_origin_collectivity_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","origin_collectivity_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "steering_committee_meetings" ADD CONSTRAINT "steering_committee_meetings_territory_id_committee_id_steering_committees_territory_id_id_fk" FOREIGN KEY ("territory_id","committee_id") REFERENCES "public"."steering_committees"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "steering_committee_members" ADD CONSTRAINT "steering_committee_members_territory_id_committee_id_steering_committees_territory_id_id_fk" FOREIGN KEY ("territory_id","committee_id") REFERENCES "public"."steering_committees"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "steering_committee_members" ADD CONSTRAINT "steering_committee_members_territory_id_collectivity_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","collectivity_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "steering_committees" ADD CONSTRAINT "steering_committees_territory_id_agreement_id_agreements_territory_id_id_fk" FOREIGN KEY ("territory_id","agreement_id") REFERENCES "public"."agreements"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agreement_parties_collectivity_idx" ON "agreement_parties" USING btree ("territory_id","collectivity_id");--> statement-breakpoint
CREATE INDEX "agreements_service_idx" ON "agreements" USING btree ("territory_id","service_id");--> statement-breakpoint
CREATE INDEX "amendment_participants_collectivity_idx" ON "amendment_participants" USING btree ("territory_id","collectivity_id");--> statement-breakpoint
CREATE INDEX "compensation_deductions_year_idx" ON "compensation_deductions" USING btree ("territory_id","year");--> statement-breakpoint
CREATE INDEX "service_participants_service_idx" ON "service_participants" USING btree ("territory_id","service_id");--> statement-breakpoint
CREATE INDEX "service_participants_collectivity_idx" ON "service_participants" USING btree ("territory_id","collectivity_id");--> statement-breakpoint
CREATE INDEX "staff_service_idx" ON "staff" USING btree ("territory_id","service_id");--> statement-breakpoint
CREATE INDEX "steering_committee_meetings_committee_idx" ON "steering_committee_meetings" USING btree ("territory_id","committee_id","held_on");--> statement-breakpoint
CREATE INDEX "steering_committee_members_committee_idx" ON "steering_committee_members" USING btree ("territory_id","committee_id");