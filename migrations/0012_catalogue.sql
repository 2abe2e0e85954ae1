CREATE TABLE "catalogue_accounts" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"subscription_id" uuid NOT NULL,
	"count" integer NOT NULL,
	"holder_name" text,
	"opened_on" date NOT NULL,
	"closed_on" date,
	CONSTRAINT "catalogue_accounts_territory_id_id_pk" PRIMARY KEY("territory_id","id")
);
--> statement-breakpoint
CREATE TABLE "catalogue_attendances" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"collectivity_id" uuid NOT NULL,
	"attendees" integer NOT NULL,
	CONSTRAINT "catalogue_attendances_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "catalogue_attendances_key" UNIQUE("territory_id","meeting_id","collectivity_id")
);
--> statement-breakpoint
CREATE TABLE "catalogue_meetings" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"offer_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"topic" text NOT NULL,
	"place" text,
	"outside_attendees" integer NOT NULL,
	CONSTRAINT "catalogue_meetings_territory_id_id_pk" PRIMARY KEY("territory_id","id")
);
--> statement-breakpoint
CREATE TABLE "catalogue_offers" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"kind" text NOT NULL,
	"domain" text NOT NULL,
	"provider_id" uuid NOT NULL,
	"provider_service" text,
	"launched_on" text,
	"launch_precision" text,
	"status" text NOT NULL,
	"sub_items" jsonb NOT NULL,
	"eligibility" jsonb NOT NULL,
	"pricing" text NOT NULL,
	"allocation_key" text,
	"contact" text,
	"theme" text,
	CONSTRAINT "catalogue_offers_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "catalogue_offers_code_key" UNIQUE("territory_id","code")
);
--> statement-breakpoint
CREATE TABLE "catalogue_referents" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"collectivity_id" uuid NOT NULL,
	"theme" text NOT NULL,
	"name" text NOT NULL,
	"position" text,
	"email" text,
	"phone" text,
	CONSTRAINT "catalogue_referents_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "catalogue_referents_key" UNIQUE("territory_id","collectivity_id","theme")
);
--> statement-breakpoint
CREATE TABLE "catalogue_settings" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"trainee_retention_months" integer NOT NULL,
	CONSTRAINT "catalogue_settings_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "catalogue_settings_key" UNIQUE("territory_id")
);
--> statement-breakpoint
CREATE TABLE "catalogue_subscriptions" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"offer_id" uuid NOT NULL,
	"collectivity_id" uuid NOT NULL,
	"status" text NOT NULL,
	"requested_on" date NOT NULL,
	"request_note" text,
	"decided_on" date,
	"refusal_reason" text,
	"starts_on" date,
	"ends_on" date,
	CONSTRAINT "catalogue_subscriptions_territory_id_id_pk" PRIMARY KEY("territory_id","id")
);
--> statement-breakpoint
CREATE TABLE "catalogue_trainees" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"session_id" uuid NOT NULL,
	"person_ref" uuid NOT NULL,
	"name" text,
	"role" text,
	"collectivity_id" uuid,
	"outside_body" text,
	"anonymised_on" date,
	CONSTRAINT "catalogue_trainees_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "catalogue_trainees_key" UNIQUE("territory_id","session_id","person_ref")
);
--> statement-breakpoint
CREATE TABLE "catalogue_trainings" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"offer_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"topic" text NOT NULL,
	"held_on" date NOT NULL,
	"place" text,
	"trainer" text,
	CONSTRAINT "catalogue_trainings_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "catalogue_trainings_reference_key" UNIQUE("territory_id","reference")
);
--> statement-breakpoint
ALTER TABLE "catalogue_accounts" ADD CONSTRAINT "catalogue_accounts_territory_id_subscription_id_catalogue_subscriptions_territory_id_id_fk" FOREIGN KEY ("territory_id","subscription_id") REFERENCES "public"."catalogue_subscriptions"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_attendances" ADD CONSTRAINT "catalogue_attendances_territory_id_meeting_id_catalogue_meetings_territory_id_id_fk" FOREIGN KEY ("territory_id","meeting_id") REFERENCES "public"."catalogue_meetings"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_attendances" ADD CONSTRAINT "catalogue_attendances_territory_id_collectivity_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","collectivity_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_meetings" ADD CONSTRAINT "catalogue_meetings_territory_id_offer_id_catalogue_offers_territory_id_id_fk" FOREIGN KEY ("territory_id","offer_id") REFERENCES "public"."catalogue_offers"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_offers" ADD CONSTRAINT "catalogue_offers_territory_id_territories_id_fk" FOREIGN KEY ("territory_id") REFERENCES "public"."territories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_offers" ADD CONSTRAINT "catalogue_offers_territory_id_provider_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","provider_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_referents" ADD CONSTRAINT "catalogue_referents_territory_id_collectivity_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","collectivity_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_settings" ADD CONSTRAINT "catalogue_settings_territory_id_territories_id_fk" FOREIGN KEY ("territory_id") REFERENCES "public"."territories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_subscriptions" ADD CONSTRAINT "catalogue_subscriptions_territory_id_offer_id_catalogue_offers_territory_id_id_fk" FOREIGN KEY ("territory_id","offer_id") REFERENCES "public"."catalogue_offers"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_subscriptions" ADD CONSTRAINT "catalogue_subscriptions_territory_id_collectivity_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","collectivity_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_trainees" ADD CONSTRAINT "catalogue_trainees_territory_id_session_id_catalogue_trainings_territory_id_id_fk" FOREIGN KEY ("territory_id","session_id") REFERENCES "public"."catalogue_trainings"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_trainees" ADD CONSTRAINT "catalogue_trainees_territory_id_collectivity_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","collectivity_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_trainings" ADD CONSTRAINT "catalogue_trainings_territory_id_offer_id_catalogue_offers_territory_id_id_fk" FOREIGN KEY ("territory_id","offer_id") REFERENCES "public"."catalogue_offers"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "catalogue_meetings_offer_idx" ON "catalogue_meetings" USING btree ("territory_id","offer_id","held_on");--> statement-breakpoint
CREATE INDEX "catalogue_subscriptions_offer_idx" ON "catalogue_subscriptions" USING btree ("territory_id","offer_id");--> statement-breakpoint
CREATE INDEX "catalogue_subscriptions_collectivity_idx" ON "catalogue_subscriptions" USING btree ("territory_id","collectivity_id");