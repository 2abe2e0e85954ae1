CREATE TABLE "report_narratives" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"year" integer NOT NULL,
	"section" text NOT NULL,
	"body" text NOT NULL,
	CONSTRAINT "report_narratives_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "report_narratives_year_section_key" UNIQUE("territory_id","year","section")
);
--> statement-breakpoint
ALTER TABLE "report_narratives" ADD CONSTRAINT "report_narratives_territory_id_territories_id_fk" FOREIGN KEY ("territory_id") REFERENCES "public"."territories"("id") ON DELETE no action ON UPDATE no action;