CREATE TABLE "aid_notifications" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"person_id" uuid NOT NULL,
	"saved_search_id" uuid NOT NULL,
	"scheme_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "aid_notifications_territory_id_id_pk" PRIMARY KEY("territory_id","id")
);
--> statement-breakpoint
CREATE TABLE "density_levels" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"collectivity_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"level" integer NOT NULL,
	CONSTRAINT "density_levels_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "density_levels_year_key" UNIQUE("territory_id","collectivity_id","year")
);
--> statement-breakpoint
CREATE TABLE "fiscal_potentials" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"collectivity_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"cents_per_inhabitant" bigint NOT NULL,
	CONSTRAINT "fiscal_potentials_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "fiscal_potentials_year_key" UNIQUE("territory_id","collectivity_id","year")
);
--> statement-breakpoint
CREATE TABLE "funding_schemes" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name" text NOT NULL,
	"short_title" text,
	"description" text NOT NULL,
	"funders" text[] NOT NULL,
	"instructors" text[] NOT NULL,
	"level" text NOT NULL,
	"perimeter_scale" text NOT NULL,
	"perimeter_code" text,
	"perimeter_name" text NOT NULL,
	"audiences" text[] NOT NULL,
	"aid_types" text[] NOT NULL,
	"project_types" text[] NOT NULL,
	"keywords" text[] NOT NULL,
	"stages" text[] NOT NULL,
	"spending_kinds" text[] NOT NULL,
	"rate_min" numeric,
	"rate_max" numeric,
	"max_aid_cents" bigint,
	"min_cost_cents" bigint,
	"eligibility" jsonb NOT NULL,
	"criteria_cases" integer NOT NULL,
	"pop_min" integer,
	"pop_max" integer,
	"density_min" integer,
	"density_max" integer,
	"epci_pop_min" integer,
	"epci_pop_max" integer,
	"fiscal_min" integer,
	"fiscal_max" integer,
	"eligibility_bounds" integer[] NOT NULL,
	"condition" text,
	"start_date" date,
	"deadline" date,
	"recurrence" text NOT NULL,
	"call_for_projects" boolean NOT NULL,
	"origin_url" text,
	"application_url" text,
	"contact" text,
	"status" text NOT NULL,
	"funding_contribution" boolean NOT NULL,
	"import_key" text,
	"search_vector" "tsvector" NOT NULL,
	CONSTRAINT "funding_schemes_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "funding_schemes_import_key" UNIQUE("territory_id","import_key")
);
--> statement-breakpoint
CREATE TABLE "project_fundings" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"project_id" uuid NOT NULL,
	"scheme_id" uuid NOT NULL,
	"status" text NOT NULL,
	"requested_cents" bigint,
	"obtained_cents" bigint,
	"decided_on" date,
	"decided_on_precision" text,
	"note" text,
	"epci_body" text,
	"epci_date" date,
	"epci_reference" text,
	"epci_deliberation_id" uuid,
	"commune_body" text,
	"commune_date" date,
	"commune_reference" text,
	"commune_deliberation_id" uuid,
	CONSTRAINT "project_fundings_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "project_fundings_scheme_key" UNIQUE("territory_id","project_id","scheme_id")
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"collectivity_id" uuid NOT NULL,
	"title" text NOT NULL,
	"project_type" text NOT NULL,
	"stage" text NOT NULL,
	"spending_kind" text NOT NULL,
	"estimated_cost_cents" bigint NOT NULL,
	"description" text,
	CONSTRAINT "projects_territory_id_id_pk" PRIMARY KEY("territory_id","id")
);
--> statement-breakpoint
CREATE TABLE "saved_searches" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"person_id" uuid NOT NULL,
	"name" text NOT NULL,
	"criteria" jsonb NOT NULL,
	CONSTRAINT "saved_searches_territory_id_id_pk" PRIMARY KEY("territory_id","id")
);
--> statement-breakpoint
ALTER TABLE "aid_notifications" ADD CONSTRAINT "aid_notifications_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aid_notifications" ADD CONSTRAINT "aid_notifications_territory_id_saved_search_id_saved_searches_territory_id_id_fk" FOREIGN KEY ("territory_id","saved_search_id") REFERENCES "public"."saved_searches"("territory_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aid_notifications" ADD CONSTRAINT "aid_notifications_territory_id_scheme_id_funding_schemes_territory_id_id_fk" FOREIGN KEY ("territory_id","scheme_id") REFERENCES "public"."funding_schemes"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "density_levels" ADD CONSTRAINT "density_levels_territory_id_collectivity_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","collectivity_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fiscal_potentials" ADD CONSTRAINT "fiscal_potentials_territory_id_collectivity_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","collectivity_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_schemes" ADD CONSTRAINT "funding_schemes_territory_id_territories_id_fk" FOREIGN KEY ("territory_id") REFERENCES "public"."territories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_fundings" ADD CONSTRAINT "project_fundings_territory_id_project_id_projects_territory_id_id_fk" FOREIGN KEY ("territory_id","project_id") REFERENCES "public"."projects"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_fundings" ADD CONSTRAINT "project_fundings_territory_id_scheme_id_funding_schemes_territory_id_id_fk" FOREIGN KEY ("territory_id","scheme_id") REFERENCES "public"."funding_schemes"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_territory_id_collectivity_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","collectivity_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_searches" ADD CONSTRAINT "saved_searches_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_searches" ADD CONSTRAINT "saved_searches_territory_id_territories_id_fk" FOREIGN KEY ("territory_id") REFERENCES "public"."territories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "aid_notifications_person_idx" ON "aid_notifications" USING btree ("territory_id","person_id","read_at");--> statement-breakpoint
CREATE INDEX "funding_schemes_search_idx" ON "funding_schemes" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "funding_schemes_status_idx" ON "funding_schemes" USING btree ("territory_id","status","deadline");--> statement-breakpoint
CREATE INDEX "projects_collectivity_idx" ON "projects" USING btree ("territory_id","collectivity_id");--> statement-breakpoint
CREATE INDEX "saved_searches_person_idx" ON "saved_searches" USING btree ("territory_id","person_id");