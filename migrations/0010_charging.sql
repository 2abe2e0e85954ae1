CREATE TABLE "charging_run_lines" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"run_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"collectivity_id" uuid NOT NULL,
	"cost_line_id" uuid,
	"category" text NOT NULL,
	"label" text NOT NULL,
	"source_cents" bigint NOT NULL,
	"component_index" integer,
	"component_percent" text,
	"explanation" jsonb NOT NULL,
	"amount_cents" bigint NOT NULL,
	CONSTRAINT "charging_run_lines_territory_id_id_pk" PRIMARY KEY("territory_id","id")
);
--> statement-breakpoint
CREATE TABLE "charging_runs" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"year" integer NOT NULL,
	"phase" text NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"support_method" text NOT NULL,
	"inputs_digest" text NOT NULL,
	"services" jsonb NOT NULL,
	"total_cents" bigint NOT NULL,
	"previous_run_id" uuid,
	"validated_at" timestamp with time zone,
	"validated_by" text,
	CONSTRAINT "charging_runs_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "charging_runs_version_key" UNIQUE("territory_id","year","phase","version")
);
--> statement-breakpoint
CREATE TABLE "charging_years" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"year" integer NOT NULL,
	"support_method" text NOT NULL,
	"accounts" jsonb NOT NULL,
	CONSTRAINT "charging_years_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "charging_years_key" UNIQUE("territory_id","year")
);
--> statement-breakpoint
CREATE TABLE "cost_lines" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"year" integer NOT NULL,
	"phase" text NOT NULL,
	"service_id" uuid,
	"centre_id" uuid,
	"category" text NOT NULL,
	"label" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"source_reference" text,
	"attributed_collectivity_id" uuid,
	CONSTRAINT "cost_lines_territory_id_id_pk" PRIMARY KEY("territory_id","id")
);
--> statement-breakpoint
CREATE TABLE "driver_values" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"collectivity_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"driver" text NOT NULL,
	"value" numeric NOT NULL,
	"source" text,
	CONSTRAINT "driver_values_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "driver_values_key" UNIQUE("territory_id","year","collectivity_id","driver")
);
--> statement-breakpoint
CREATE TABLE "installment_payments" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"collectivity_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"paid_on" date NOT NULL,
	"amount_cents" bigint NOT NULL,
	"reference" text,
	CONSTRAINT "installment_payments_territory_id_id_pk" PRIMARY KEY("territory_id","id")
);
--> statement-breakpoint
CREATE TABLE "statement_lines" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"run_id" uuid NOT NULL,
	"collectivity_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"due_on" date,
	"amount_cents" bigint NOT NULL,
	"payment_route" text NOT NULL,
	"label" text NOT NULL,
	CONSTRAINT "statement_lines_territory_id_id_pk" PRIMARY KEY("territory_id","id")
);
--> statement-breakpoint
CREATE TABLE "support_centres" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"step_order" integer NOT NULL,
	CONSTRAINT "support_centres_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "support_centres_code_key" UNIQUE("territory_id","code")
);
--> statement-breakpoint
CREATE TABLE "support_shares" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"centre_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"recipient_centre_id" uuid,
	"recipient_service_id" uuid,
	"percent" numeric NOT NULL,
	CONSTRAINT "support_shares_territory_id_id_pk" PRIMARY KEY("territory_id","id")
);
--> statement-breakpoint
CREATE TABLE "work_units" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"service_id" uuid NOT NULL,
	"collectivity_id" uuid NOT NULL,
	"used_on" date NOT NULL,
	"units" numeric NOT NULL,
	"description" text NOT NULL,
	"forecast" boolean DEFAULT false NOT NULL,
	CONSTRAINT "work_units_territory_id_id_pk" PRIMARY KEY("territory_id","id")
);
--> statement-breakpoint
ALTER TABLE "charging_run_lines" ADD CONSTRAINT "charging_run_lines_territory_id_run_id_charging_runs_territory_id_id_fk" FOREIGN KEY ("territory_id","run_id") REFERENCES "public"."charging_runs"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charging_runs" ADD CONSTRAINT "charging_runs_territory_id_territories_id_fk" FOREIGN KEY ("territory_id") REFERENCES "public"."territories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charging_runs" ADD CONSTRAINT "charging_runs_territory_id_previous_run_id_charging_runs_territory_id_id_fk" FOREIGN KEY ("territory_id","previous_run_id") REFERENCES "public"."charging_runs"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charging_years" ADD CONSTRAINT "charging_years_territory_id_territories_id_fk" FOREIGN KEY ("territory_id") REFERENCES "public"."territories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_lines" ADD CONSTRAINT "cost_lines_territory_id_service_id_shared_services_territory_id_id_fk" FOREIGN KEY ("territory_id","service_id") REFERENCES "public"."shared_services"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_lines" ADD CONSTRAINT "cost_lines_territory_id_centre_id_support_centres_territory_id_id_fk" FOREIGN KEY ("territory_id","centre_id") REFERENCES "public"."support_centres"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_lines" ADD CONSTRAINT "cost_lines_territory_id_attributed_collectivity_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","attributed_collectivity_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "driver_values" ADD CONSTRAINT "driver_values_territory_id_collectivity_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","collectivity_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "installment_payments" ADD CONSTRAINT "installment_payments_territory_id_collectivity_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","collectivity_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "installment_payments" ADD CONSTRAINT "installment_payments_territory_id_service_id_shared_services_territory_id_id_fk" FOREIGN KEY ("territory_id","service_id") REFERENCES "public"."shared_services"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_lines" ADD CONSTRAINT "statement_lines_territory_id_run_id_charging_runs_territory_id_id_fk" FOREIGN KEY ("territory_id","run_id") REFERENCES "public"."charging_runs"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_lines" ADD CONSTRAINT "statement_lines_territory_id_collectivity_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","collectivity_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_centres" ADD CONSTRAINT "support_centres_territory_id_territories_id_fk" FOREIGN KEY ("territory_id") REFERENCES "public"."territories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_shares" ADD CONSTRAINT "support_shares_territory_id_centre_id_support_centres_territory_id_id_fk" FOREIGN KEY ("territory_id","centre_id") REFERENCES "public"."support_centres"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_shares" ADD CONSTRAINT "support_shares_territory_id_recipient_centre_id_support_centres_territory_id_id_fk" FOREIGN KEY ("territory_id","recipient_centre_id") REFERENCES "public"."support_centres"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_shares" ADD CONSTRAINT "support_shares_territory_id_recipient_service_id_shared_services_territory_id_id_fk" FOREIGN KEY ("territory_id","recipient_service_id") REFERENCES "public"."shared_services"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_units" ADD CONSTRAINT "work_units_territory_id_service_id_shared_services_territory_id_id_fk" FOREIGN KEY ("territory_id","service_id") REFERENCES "public"."shared_services"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_units" ADD CONSTRAINT "work_units_territory_id_collectivity_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","collectivity_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "charging_run_lines_run_idx" ON "charging_run_lines" USING btree ("territory_id","run_id","collectivity_id");--> statement-breakpoint
CREATE INDEX "cost_lines_year_idx" ON "cost_lines" USING btree ("territory_id","year","phase");--> statement-breakpoint
CREATE INDEX "installment_payments_year_idx" ON "installment_payments" USING btree ("territory_id","year");--> statement-breakpoint
CREATE INDEX "statement_lines_run_idx" ON "statement_lines" USING btree ("territory_id","run_id","collectivity_id");--> statement-breakpoint
CREATE INDEX "support_shares_year_idx" ON "support_shares" USING btree ("territory_id","year");--> statement-breakpoint
CREATE INDEX "work_units_service_idx" ON "work_units" USING btree ("territory_id","service_id","used_on");