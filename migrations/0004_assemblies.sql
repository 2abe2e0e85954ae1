CREATE TABLE "assembly_agenda_items" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sitting_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"rapporteur_id" uuid,
	"report" text,
	"carried_from_item_id" uuid,
	CONSTRAINT "assembly_agenda_items_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "assembly_agenda_items_position_key" UNIQUE("territory_id","sitting_id","position")
);
--> statement-breakpoint
CREATE TABLE "assembly_bodies" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"commune_id" uuid,
	"seats" integer,
	"note" text,
	CONSTRAINT "assembly_bodies_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "assembly_bodies_name_key" UNIQUE("territory_id","name")
);
--> statement-breakpoint
CREATE TABLE "assembly_excuses" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sitting_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"note" text,
	CONSTRAINT "assembly_excuses_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "assembly_excuses_member_key" UNIQUE("territory_id","sitting_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "assembly_mandates" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"member_id" uuid NOT NULL,
	"body_id" uuid NOT NULL,
	"commune_id" uuid,
	"role" text NOT NULL,
	"seat" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"rank" integer,
	CONSTRAINT "assembly_mandates_territory_id_id_pk" PRIMARY KEY("territory_id","id")
);
--> statement-breakpoint
CREATE TABLE "assembly_members" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"civility" text NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	CONSTRAINT "assembly_members_territory_id_id_pk" PRIMARY KEY("territory_id","id")
);
--> statement-breakpoint
CREATE TABLE "assembly_movements" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sitting_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"from_position" integer NOT NULL,
	"seq" integer NOT NULL,
	CONSTRAINT "assembly_movements_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "assembly_movements_seq_key" UNIQUE("territory_id","sitting_id","seq")
);
--> statement-breakpoint
CREATE TABLE "assembly_nominal_votes" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"item_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"choice" text NOT NULL,
	CONSTRAINT "assembly_nominal_votes_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "assembly_nominal_votes_member_key" UNIQUE("territory_id","item_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "assembly_proxies" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sitting_id" uuid NOT NULL,
	"giver_id" uuid NOT NULL,
	"holder_id" uuid NOT NULL,
	"from_position" integer NOT NULL,
	"written_on" date NOT NULL,
	"illness_certified" boolean NOT NULL,
	"revoked_from_position" integer,
	"seq" integer NOT NULL,
	CONSTRAINT "assembly_proxies_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "assembly_proxies_seq_key" UNIQUE("territory_id","sitting_id","seq")
);
--> statement-breakpoint
CREATE TABLE "assembly_rule_sets" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"body_id" uuid NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"label" text NOT NULL,
	"legal_basis" text NOT NULL,
	"quorum_numerator" integer NOT NULL,
	"quorum_denominator" integer NOT NULL,
	"quorum_comparison" text NOT NULL,
	"proxies_count_toward_quorum" boolean NOT NULL,
	"max_proxies_per_holder" integer NOT NULL,
	"convocation_days" integer NOT NULL,
	"urgency_min_days" integer NOT NULL,
	"second_convocation_days" integer NOT NULL,
	"proxy_max_sittings" integer NOT NULL,
	"explanatory_note_required" boolean NOT NULL,
	CONSTRAINT "assembly_rule_sets_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "assembly_rule_sets_from_key" UNIQUE("territory_id","body_id","valid_from")
);
--> statement-breakpoint
CREATE TABLE "assembly_sittings" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"body_id" uuid NOT NULL,
	"sitting_date" date NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"place" text NOT NULL,
	"convoked_on" date NOT NULL,
	"urgency" boolean NOT NULL,
	"urgency_reason" text,
	"explanatory_note_sent" boolean NOT NULL,
	"convocation" text NOT NULL,
	"first_sitting_id" uuid,
	"status" text NOT NULL,
	"president_id" uuid,
	"secretary_id" uuid,
	"event_seq" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "assembly_sittings_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "assembly_sittings_body_start_key" UNIQUE("territory_id","body_id","starts_at")
);
--> statement-breakpoint
CREATE TABLE "assembly_substitutions" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sitting_id" uuid NOT NULL,
	"titular_id" uuid NOT NULL,
	"substitute_id" uuid NOT NULL,
	"from_position" integer NOT NULL,
	"seq" integer NOT NULL,
	CONSTRAINT "assembly_substitutions_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "assembly_substitutions_seq_key" UNIQUE("territory_id","sitting_id","seq")
);
--> statement-breakpoint
CREATE TABLE "assembly_votes" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"item_id" uuid NOT NULL,
	"mode" text,
	"votes_for" integer NOT NULL,
	"votes_against" integer NOT NULL,
	"abstentions" integer NOT NULL,
	"not_voting" integer NOT NULL,
	"president_choice" text,
	"result" text NOT NULL,
	"result_text" text NOT NULL,
	"in_office" integer NOT NULL,
	"present" integer NOT NULL,
	"represented" integer NOT NULL,
	"quorum_required" integer,
	"quorum_text" text NOT NULL,
	CONSTRAINT "assembly_votes_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "assembly_votes_item_key" UNIQUE("territory_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "assembly_withdrawals" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"item_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"reason" text,
	CONSTRAINT "assembly_withdrawals_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "assembly_withdrawals_member_key" UNIQUE("territory_id","item_id","member_id")
);
--> statement-breakpoint
ALTER TABLE "assembly_agenda_items" ADD CONSTRAINT "assembly_agenda_items_territory_id_sitting_id_assembly_sittings_territory_id_id_fk" FOREIGN KEY ("territory_id","sitting_id") REFERENCES "public"."assembly_sittings"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_agenda_items" ADD CONSTRAINT "assembly_agenda_items_territory_id_rapporteur_id_assembly_members_territory_id_id_fk" FOREIGN KEY ("territory_id","rapporteur_id") REFERENCES "public"."assembly_members"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_agenda_items" ADD CONSTRAINT "assembly_agenda_items_territory_id_carried_from_item_id_assembly_agenda_items_territory_id_id_fk" FOREIGN KEY ("territory_id","carried_from_item_id") REFERENCES "public"."assembly_agenda_items"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_bodies" ADD CONSTRAINT "assembly_bodies_territory_id_territories_id_fk" FOREIGN KEY ("territory_id") REFERENCES "public"."territories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_bodies" ADD CONSTRAINT "assembly_bodies_territory_id_commune_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","commune_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_excuses" ADD CONSTRAINT "assembly_excuses_territory_id_sitting_id_assembly_sittings_territory_id_id_fk" FOREIGN KEY ("territory_id","sitting_id") REFERENCES "public"."assembly_sittings"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_excuses" ADD CONSTRAINT "assembly_excuses_territory_id_member_id_assembly_members_territory_id_id_fk" FOREIGN KEY ("territory_id","member_id") REFERENCES "public"."assembly_members"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_mandates" ADD CONSTRAINT "assembly_mandates_territory_id_member_id_assembly_members_territory_id_id_fk" FOREIGN KEY ("territory_id","member_id") REFERENCES "public"."assembly_members"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_mandates" ADD CONSTRAINT "assembly_mandates_territory_id_body_id_assembly_bodies_territory_id_id_fk" FOREIGN KEY ("territory_id","body_id") REFERENCES "public"."assembly_bodies"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_mandates" ADD CONSTRAINT "assembly_mandates_territory_id_commune_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","commune_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_members" ADD CONSTRAINT "assembly_members_territory_id_territories_id_fk" FOREIGN KEY ("territory_id") REFERENCES "public"."territories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_movements" ADD CONSTRAINT "assembly_movements_territory_id_sitting_id_assembly_sittings_territory_id_id_fk" FOREIGN KEY ("territory_id","sitting_id") REFERENCES "public"."assembly_sittings"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_movements" ADD CONSTRAINT "assembly_movements_territory_id_member_id_assembly_members_territory_id_id_fk" FOREIGN KEY ("territory_id","member_id") REFERENCES "public"."assembly_members"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_nominal_votes" ADD CONSTRAINT "assembly_nominal_votes_territory_id_item_id_assembly_agenda_items_territory_id_id_fk" FOREIGN KEY ("territory_id","item_id") REFERENCES "public"."assembly_agenda_items"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_nominal_votes" ADD CONSTRAINT "assembly_nominal_votes_territory_id_member_id_assembly_members_territory_id_id_fk" FOREIGN KEY ("territory_id","member_id") REFERENCES "public"."assembly_members"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_proxies" ADD CONSTRAINT "assembly_proxies_territory_id_sitting_id_assembly_sittings_territory_id_id_fk" FOREIGN KEY ("territory_id","sitting_id") REFERENCES "public"."assembly_sittings"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_proxies" ADD CONSTRAINT "assembly_proxies_territory_id_giver_id_assembly_members_territory_id_id_fk" FOREIGN KEY ("territory_id","giver_id") REFERENCES "public"."assembly_members"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_proxies" ADD CONSTRAINT "assembly_proxies_territory_id_holder_id_assembly_members_territory_id_id_fk" FOREIGN KEY ("territory_id","holder_id") REFERENCES "public"."assembly_members"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_rule_sets" ADD CONSTRAINT "assembly_rule_sets_territory_id_body_id_assembly_bodies_territory_id_id_fk" FOREIGN KEY ("territory_id","body_id") REFERENCES "public"."assembly_bodies"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_sittings" ADD CONSTRAINT "assembly_sittings_territory_id_body_id_assembly_bodies_territory_id_id_fk" FOREIGN KEY ("territory_id","body_id") REFERENCES "public"."assembly_bodies"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_sittings" ADD CONSTRAINT "assembly_sittings_territory_id_first_sitting_id_assembly_sittings_territory_id_id_fk" FOREIGN KEY ("territory_id","first_sitting_id") REFERENCES "public"."assembly_sittings"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_sittings" ADD CONSTRAINT "assembly_sittings_territory_id_president_id_assembly_members_territory_id_id_fk" FOREIGN KEY ("territory_id","president_id") REFERENCES "public"."assembly_members"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_sittings" ADD CONSTRAINT "assembly_sittings_territory_id_secretary_id_assembly_members_territory_id_id_fk" FOREIGN KEY ("territory_id","secretary_id") REFERENCES "public"."assembly_members"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_substitutions" ADD CONSTRAINT "assembly_substitutions_territory_id_sitting_id_assembly_sittings_territory_id_id_fk" FOREIGN KEY ("territory_id","sitting_id") REFERENCES "public"."assembly_sittings"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_substitutions" ADD CONSTRAINT "assembly_substitutions_territory_id_titular_id_assembly_members_territory_id_id_fk" FOREIGN KEY ("territory_id","titular_id") REFERENCES "public"."assembly_members"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_substitutions" ADD CONSTRAINT "assembly_substitutions_territory_id_substitute_id_assembly_members_territory_id_id_fk" FOREIGN KEY ("territory_id","substitute_id") REFERENCES "public"."assembly_members"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_votes" ADD CONSTRAINT "assembly_votes_territory_id_item_id_assembly_agenda_items_territory_id_id_fk" FOREIGN KEY ("territory_id","item_id") REFERENCES "public"."assembly_agenda_items"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_withdrawals" ADD CONSTRAINT "assembly_withdrawals_territory_id_item_id_assembly_agenda_items_territory_id_id_fk" FOREIGN KEY ("territory_id","item_id") REFERENCES "public"."assembly_agenda_items"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_withdrawals" ADD CONSTRAINT "assembly_withdrawals_territory_id_member_id_assembly_members_territory_id_id_fk" FOREIGN KEY ("territory_id","member_id") REFERENCES "public"."assembly_members"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assembly_mandates_body_idx" ON "assembly_mandates" USING btree ("territory_id","body_id");