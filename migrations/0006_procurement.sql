CREATE TABLE "consumptions" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"contract_id" uuid NOT NULL,
	"collectivity_id" uuid NOT NULL,
	"period" text NOT NULL,
	"kind" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"reference" text,
	CONSTRAINT "consumptions_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "consumptions_key" UNIQUE("territory_id","contract_id","collectivity_id","period","kind")
);
--> statement-breakpoint
CREATE TABLE "contract_modifications" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"contract_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"notified_on" date NOT NULL,
	"published_on" date NOT NULL,
	"duration_months" integer,
	"amount_cents" bigint,
	"suppliers" jsonb,
	"object" text,
	CONSTRAINT "contract_modifications_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "contract_modifications_seq_key" UNIQUE("territory_id","contract_id","seq")
);
--> statement-breakpoint
CREATE TABLE "contract_suppliers" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"contract_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"identifier" text NOT NULL,
	"identifier_type" text NOT NULL,
	"name" text,
	CONSTRAINT "contract_suppliers_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "contract_suppliers_position_key" UNIQUE("territory_id","contract_id","position")
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reference" text NOT NULL,
	"group_id" uuid,
	"lot_id" uuid,
	"shared_direction" text,
	"buyer_id" uuid,
	"buyer_siret" text NOT NULL,
	"nature" text NOT NULL,
	"object" text NOT NULL,
	"cpv_code" text NOT NULL,
	"procedure" text NOT NULL,
	"techniques" text[] NOT NULL,
	"execution_methods" text[] NOT NULL,
	"framework_agreement_id" text,
	"innovative" boolean NOT NULL,
	"ccag" text NOT NULL,
	"offers_received" integer NOT NULL,
	"advance_paid" boolean NOT NULL,
	"advance_rate" numeric,
	"operator_grouping" text NOT NULL,
	"subcontracting_declared" boolean NOT NULL,
	"place_code" text NOT NULL,
	"place_code_type" text NOT NULL,
	"duration_months" integer NOT NULL,
	"notified_on" date NOT NULL,
	"data_published_on" date,
	"amount_cents" bigint NOT NULL,
	"price_form" text NOT NULL,
	"price_types" text[] NOT NULL,
	"origin_eu" numeric,
	"origin_france" numeric,
	"social_considerations" text[] NOT NULL,
	"environmental_considerations" text[] NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "contracts_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "contracts_buyer_reference_key" UNIQUE("territory_id","buyer_siret","reference")
);
--> statement-breakpoint
CREATE TABLE "needs" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lot_id" uuid NOT NULL,
	"collectivity_id" uuid NOT NULL,
	"quantity" numeric,
	"estimated_cents" bigint,
	"comment" text,
	CONSTRAINT "needs_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "needs_lot_member_key" UNIQUE("territory_id","lot_id","collectivity_id")
);
--> statement-breakpoint
CREATE TABLE "purchasing_group_members" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"group_id" uuid NOT NULL,
	"collectivity_id" uuid NOT NULL,
	"approval_body" text,
	"approval_date" date,
	"approval_reference" text,
	"deliberation_id" uuid,
	CONSTRAINT "purchasing_group_members_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "purchasing_group_members_key" UNIQUE("territory_id","group_id","collectivity_id")
);
--> statement-breakpoint
CREATE TABLE "purchasing_groups" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reference" text NOT NULL,
	"object" text NOT NULL,
	"scopes" text[] NOT NULL,
	"categories" text[] NOT NULL,
	"coordinator_id" uuid NOT NULL,
	"status" text NOT NULL,
	"agreement_signed_on" date,
	"agreement_duration_months" integer,
	"coordinator_mission" text NOT NULL,
	"launched_on" date,
	"closed_on" date,
	"note" text,
	CONSTRAINT "purchasing_groups_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "purchasing_groups_reference_key" UNIQUE("territory_id","reference")
);
--> statement-breakpoint
CREATE TABLE "purchasing_lots" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"group_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"unit" text,
	CONSTRAINT "purchasing_lots_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "purchasing_lots_number_key" UNIQUE("territory_id","group_id","number")
);
--> statement-breakpoint
CREATE TABLE "subcontracting_acts" (
	"territory_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"contract_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"subcontractor_identifier" text NOT NULL,
	"subcontractor_identifier_type" text NOT NULL,
	"duration_months" integer NOT NULL,
	"notified_on" date NOT NULL,
	"published_on" date NOT NULL,
	"amount_cents" bigint NOT NULL,
	"price_variation" text NOT NULL,
	"modifications" jsonb NOT NULL,
	CONSTRAINT "subcontracting_acts_territory_id_id_pk" PRIMARY KEY("territory_id","id"),
	CONSTRAINT "subcontracting_acts_seq_key" UNIQUE("territory_id","contract_id","seq")
);
--> statement-breakpoint
ALTER TABLE "consumptions" ADD CONSTRAINT "consumptions_territory_id_contract_id_contracts_territory_id_id_fk" FOREIGN KEY ("territory_id","contract_id") REFERENCES "public"."contracts"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consumptions" ADD CONSTRAINT "consumptions_territory_id_collectivity_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","collectivity_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_modifications" ADD CONSTRAINT "contract_modifications_territory_id_contract_id_contracts_territory_id_id_fk" FOREIGN KEY ("territory_id","contract_id") REFERENCES "public"."contracts"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_suppliers" ADD CONSTRAINT "contract_suppliers_territory_id_contract_id_contracts_territory_id_id_fk" FOREIGN KEY ("territory_id","contract_id") REFERENCES "public"."contracts"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_territory_id_territories_id_fk" FOREIGN KEY ("territory_id") REFERENCES "public"."territories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_territory_id_group_id_purchasing_groups_territory_id_id_fk" FOREIGN KEY ("territory_id","group_id") REFERENCES "public"."purchasing_groups"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_territory_id_lot_id_purchasing_lots_territory_id_id_fk" FOREIGN KEY ("territory_id","lot_id") REFERENCES "public"."purchasing_lots"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_territory_id_buyer_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","buyer_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "needs" ADD CONSTRAINT "needs_territory_id_lot_id_purchasing_lots_territory_id_id_fk" FOREIGN KEY ("territory_id","lot_id") REFERENCES "public"."purchasing_lots"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "needs" ADD CONSTRAINT "needs_territory_id_collectivity_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","collectivity_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchasing_group_members" ADD CONSTRAINT "purchasing_group_members_territory_id_group_id_purchasing_groups_territory_id_id_fk" FOREIGN KEY ("territory_id","group_id") REFERENCES "public"."purchasing_groups"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchasing_group_members" ADD CONSTRAINT "purchasing_group_members_territory_id_collectivity_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","collectivity_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchasing_groups" ADD CONSTRAINT "purchasing_groups_territory_id_territories_id_fk" FOREIGN KEY ("territory_id") REFERENCES "public"."territories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchasing_groups" ADD CONSTRAINT "purchasing_groups_territory_id_coordinator_id_collectivities_territory_id_id_fk" FOREIGN KEY ("territory_id","coordinator_id") REFERENCES "public"."collectivities"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchasing_lots" ADD CONSTRAINT "purchasing_lots_territory_id_group_id_purchasing_groups_territory_id_id_fk" FOREIGN KEY ("territory_id","group_id") REFERENCES "public"."purchasing_groups"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subcontracting_acts" ADD CONSTRAINT "subcontracting_acts_territory_id_contract_id_contracts_territory_id_id_fk" FOREIGN KEY ("territory_id","contract_id") REFERENCES "public"."contracts"("territory_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contracts_group_idx" ON "contracts" USING btree ("territory_id","group_id");--> statement-breakpoint
CREATE INDEX "contracts_notified_idx" ON "contracts" USING btree ("territory_id","notified_on");--> statement-breakpoint
CREATE INDEX "purchasing_group_members_collectivity_idx" ON "purchasing_group_members" USING btree ("territory_id","collectivity_id");--> statement-breakpoint
CREATE INDEX "purchasing_groups_signed_idx" ON "purchasing_groups" USING btree ("territory_id","agreement_signed_on");