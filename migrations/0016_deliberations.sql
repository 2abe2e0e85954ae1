CREATE TABLE "deliberation_annexes" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deliberation_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"filename" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"source" text NOT NULL,
	"content" "bytea" NOT NULL,
	CONSTRAINT "deliberation_annexes_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "deliberation_annexes_position_key" UNIQUE("territory_id","deliberation_id","position")
);
--> statement-breakpoint
CREATE TABLE "deliberation_counters" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"year" integer NOT NULL,
	"pattern" text NOT NULL,
	"last_number" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "deliberation_counters_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "deliberation_counters_year_key" UNIQUE("territory_id","year")
);
--> statement-breakpoint
CREATE TABLE "deliberations" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"year" integer NOT NULL,
	"seq" integer NOT NULL,
	"number" text NOT NULL,
	"item_id" uuid NOT NULL,
	"sitting_id" uuid NOT NULL,
	"body_id" uuid NOT NULL,
	"adopted_on" date NOT NULL,
	"title" text NOT NULL,
	"matter_code" text NOT NULL,
	"recitals" text NOT NULL,
	"decision" text NOT NULL,
	"debates" text,
	"rapporteur_id" uuid,
	"outcome" text NOT NULL,
	"actes_id" text,
	"transmitted_on" date,
	"transmission_channel" text,
	"acknowledged_on" date,
	"published_on" date,
	"enforceable_on" date,
	CONSTRAINT "deliberations_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "deliberations_seq_key" UNIQUE("territory_id","year","seq"),
	CONSTRAINT "deliberations_number_key" UNIQUE("territory_id","number"),
	CONSTRAINT "deliberations_item_key" UNIQUE("territory_id","item_id"),
	CONSTRAINT "deliberations_actes_key" UNIQUE("territory_id","actes_id")
);
--> statement-breakpoint
ALTER TABLE "deliberation_annexes" ADD CONSTRAINT "deliberation_annexes_territory_id_deliberation_id_deliberations_territory_id_id_fk" FOREIGN KEY ("territory_id","deliberation_id") REFERENCES "public"."deliberations"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliberation_counters" ADD CONSTRAINT "deliberation_counters_territory_id_territories_id_fk" FOREIGN KEY ("territory_id") REFERENCES "public"."territories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliberations" ADD CONSTRAINT "deliberations_territory_id_item_id_assembly_agenda_items_territory_id_id_fk" FOREIGN KEY ("territory_id","item_id") REFERENCES "public"."assembly_agenda_items"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliberations" ADD CONSTRAINT "deliberations_territory_id_sitting_id_assembly_sittings_territory_id_id_fk" FOREIGN KEY ("territory_id","sitting_id") REFERENCES "public"."assembly_sittings"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliberations" ADD CONSTRAINT "deliberations_territory_id_body_id_assembly_bodies_territory_id_id_fk" FOREIGN KEY ("territory_id","body_id") REFERENCES "public"."assembly_bodies"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliberations" ADD CONSTRAINT "deliberations_territory_id_rapporteur_id_assembly_members_territory_id_id_fk" FOREIGN KEY ("territory_id","rapporteur_id") REFERENCES "public"."assembly_members"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deliberations_sitting_idx" ON "deliberations" USING btree ("territory_id","sitting_id");