CREATE TABLE "role_assignments" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"person_id" uuid NOT NULL,
	"role" text NOT NULL,
	"collectivity_id" uuid,
	CONSTRAINT "role_assignments_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "role_assignments_person_role_key" UNIQUE NULLS NOT DISTINCT("territory_id","person_id","role","collectivity_id")
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"person_id" uuid NOT NULL,
	"label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" uuid PRIMARY KEY NOT NULL,
	"territory_id" uuid,
	"seq" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text,
	"before" jsonb,
	"after" jsonb,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_log_chain_seq" UNIQUE NULLS NOT DISTINCT("territory_id","seq")
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" uuid PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "people_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"person_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sessions_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "territories" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"siren" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "territories_siren_unique" UNIQUE("siren")
);
--> statement-breakpoint
CREATE TABLE "collectivities" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"siren" text,
	"siret" text,
	"insee_code" text,
	"department_code" text,
	"postal_code" text,
	CONSTRAINT "collectivities_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "collectivities_siren_key" UNIQUE("territory_id","siren"),
	CONSTRAINT "collectivities_insee_key" UNIQUE("territory_id","insee_code")
);
--> statement-breakpoint
CREATE TABLE "epci_natures" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"epci_id" uuid NOT NULL,
	"nature" text NOT NULL,
	"funding_mode" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	CONSTRAINT "epci_natures_territory_id_id_pk" PRIMARY KEY("territory_id","id")
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"epci_id" uuid NOT NULL,
	"commune_id" uuid NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	CONSTRAINT "memberships_territory_id_id_pk" PRIMARY KEY("territory_id","id")
);
--> statement-breakpoint
CREATE TABLE "populations" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"collectivity_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"kind" text NOT NULL,
	"value" integer NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "populations_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "populations_year_kind_key" UNIQUE("territory_id","collectivity_id","year","kind")
);
--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_territory_id_territories_id_fk" FOREIGN KEY ("territory_id") REFERENCES "public"."territories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_territory_id_collectivity_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","collectivity_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collectivities" ADD CONSTRAINT "collectivities_territory_id_territories_id_fk" FOREIGN KEY ("territory_id") REFERENCES "public"."territories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "epci_natures" ADD CONSTRAINT "epci_natures_territory_id_epci_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","epci_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_territory_id_epci_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","epci_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_territory_id_commune_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","commune_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "populations" ADD CONSTRAINT "populations_territory_id_collectivity_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","collectivity_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("territory_id","entity","entity_id");--> statement-breakpoint
CREATE INDEX "sessions_person_idx" ON "sessions" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "memberships_commune_idx" ON "memberships" USING btree ("territory_id","commune_id");