CREATE TABLE "convergence_participants" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"project_id" uuid NOT NULL,
	"collectivity_id" uuid NOT NULL,
	"joined_on" date,
	"joined_on_precision" text,
	"left_on" date,
	"left_on_precision" text,
	CONSTRAINT "convergence_participants_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "convergence_participants_key" UNIQUE("territory_id","project_id","collectivity_id")
);
--> statement-breakpoint
CREATE TABLE "convergence_projects" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"category" text NOT NULL,
	"title" text NOT NULL,
	"tool" text,
	"started_on" date NOT NULL,
	"started_on_precision" text NOT NULL,
	"ended_on" date,
	"ended_on_precision" text,
	"status" text NOT NULL,
	"note" text,
	CONSTRAINT "convergence_projects_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "convergence_projects_title_key" UNIQUE("territory_id","title")
);
--> statement-breakpoint
CREATE TABLE "pooling_schemes" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"title" text NOT NULL,
	"sent_to_communes_on" date,
	"adopted_on" date,
	"adopted_on_precision" text,
	"adopting_body" text,
	"deliberation_reference" text,
	"context" text NOT NULL,
	"orientations" text[] NOT NULL,
	"principles" text[] NOT NULL,
	"note" text,
	CONSTRAINT "pooling_schemes_territory_id_id_pk" PRIMARY KEY("territory_id","id")
);
--> statement-breakpoint
CREATE TABLE "scheme_actions" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"scheme_id" uuid NOT NULL,
	"orientation" integer,
	"title" text NOT NULL,
	"description" text,
	"status" text NOT NULL,
	"started_on" date,
	"started_on_precision" text,
	"completed_on" date,
	"completed_on_precision" text,
	CONSTRAINT "scheme_actions_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "scheme_actions_title_key" UNIQUE("territory_id","scheme_id","title")
);
--> statement-breakpoint
CREATE TABLE "scheme_opinions" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"scheme_id" uuid NOT NULL,
	"collectivity_id" uuid NOT NULL,
	"opinion" text NOT NULL,
	"given_on" date NOT NULL,
	"deliberation_reference" text,
	CONSTRAINT "scheme_opinions_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "scheme_opinions_key" UNIQUE("territory_id","scheme_id","collectivity_id")
);
--> statement-breakpoint
ALTER TABLE "convergence_participants" ADD CONSTRAINT "convergence_participants_territory_id_project_id_convergence_projects_territory_id_id_fk" FOREIGN KEY ("territory_id","project_id") REFERENCES "public"."convergence_projects"("territory_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "convergence_participants" ADD CONSTRAINT "convergence_participants_territory_id_collectivity_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","collectivity_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "convergence_projects" ADD CONSTRAINT "convergence_projects_territory_id_territories_id_fk" FOREIGN KEY ("territory_id") REFERENCES "public"."territories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pooling_schemes" ADD CONSTRAINT "pooling_schemes_territory_id_territories_id_fk" FOREIGN KEY ("territory_id") REFERENCES "public"."territories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scheme_actions" ADD CONSTRAINT "scheme_actions_territory_id_scheme_id_pooling_schemes_territory_id_id_fk" FOREIGN KEY ("territory_id","scheme_id") REFERENCES "public"."pooling_schemes"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scheme_opinions" ADD CONSTRAINT "scheme_opinions_territory_id_scheme_id_pooling_schemes_territory_id_id_fk" FOREIGN KEY ("territory_id","scheme_id") REFERENCES "public"."pooling_schemes"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scheme_opinions" ADD CONSTRAINT "scheme_opinions_territory_id_collectivity_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","collectivity_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "convergence_participants_collectivity_idx" ON "convergence_participants" USING btree ("territory_id","collectivity_id");--> statement-breakpoint
CREATE INDEX "convergence_projects_started_idx" ON "convergence_projects" USING btree ("territory_id","started_on");