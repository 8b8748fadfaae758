CREATE TABLE "prospect_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"prospect_id" uuid NOT NULL,
	"actor_user_id" uuid,
	"action_type" text NOT NULL,
	"source" text,
	"description" text,
	"due_date" date NOT NULL,
	"due_time" text,
	"status" text NOT NULL,
	"done_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "prospect_contact_links" (
	"prospect_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"is_preferred" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "prospect_contact_links_prospect_id_contact_id_pk" PRIMARY KEY("prospect_id","contact_id")
);
--> statement-breakpoint
CREATE TABLE "prospect_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"civility" text,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"name_search" text NOT NULL,
	"home_phone" text,
	"home_phone_digits" text,
	"mobile" text,
	"mobile_digits" text,
	"email" text,
	"function" text,
	"birth_date" date,
	"newsletter" boolean DEFAULT false NOT NULL,
	"information_bulletin" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "prospect_file_missions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"label" text NOT NULL,
	"executor_user_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "prospect_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"prospect_id" uuid NOT NULL,
	"service_type" text NOT NULL,
	"stage" text DEFAULT 'suspect' NOT NULL,
	"status" text DEFAULT 'in_progress' NOT NULL,
	"client_type" text NOT NULL,
	"start_date" date,
	"end_date" date,
	"firm_id" uuid,
	"office_id" uuid,
	"holder_user_id" uuid,
	"partner_user_id" uuid,
	"letter_template_key" text,
	"offer_amount_cents" integer,
	"reason_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"loss_justification" text,
	"signed_at" timestamp with time zone,
	"lost_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "prospect_history_subjects" (
	"organisation_id" uuid NOT NULL,
	"prospect_id" uuid NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	CONSTRAINT "prospect_history_subjects_prospect_id_entity_type_entity_id_pk" PRIMARY KEY("prospect_id","entity_type","entity_id")
);
--> statement-breakpoint
CREATE TABLE "prospect_reasons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"label" text NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "prospects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"company_name" text NOT NULL,
	"company_name_search" text NOT NULL,
	"legal_form" text,
	"siret" text,
	"naf_code" text,
	"tax_regime" text,
	"current_firm" text,
	"creation_date" date,
	"street" text,
	"address_complement" text,
	"postal_code" text,
	"city" text,
	"country" text DEFAULT 'FR' NOT NULL,
	"phone" text,
	"phone_digits" text,
	"foreign_phone" text,
	"foreign_phone_digits" text,
	"fax" text,
	"website" text,
	"source" text NOT NULL,
	"source_salesperson_id" uuid,
	"operational_salesperson_id" uuid,
	"business_acquirer" boolean DEFAULT false NOT NULL,
	"note" text,
	"note_search" text,
	"client_type" text,
	"status" text DEFAULT 'in_progress' NOT NULL,
	"client_id" uuid,
	"converted_at" timestamp with time zone,
	"last_action_id" uuid,
	"last_action_date" date,
	"last_action_type" text,
	"next_action_id" uuid,
	"next_action_date" date,
	"next_action_type" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "prospect_actions" ADD CONSTRAINT "prospect_actions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prospect_actions" ADD CONSTRAINT "prospect_actions_prospect_id_prospects_id_fk" FOREIGN KEY ("prospect_id") REFERENCES "public"."prospects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prospect_actions" ADD CONSTRAINT "prospect_actions_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prospect_contact_links" ADD CONSTRAINT "prospect_contact_links_prospect_id_prospects_id_fk" FOREIGN KEY ("prospect_id") REFERENCES "public"."prospects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prospect_contact_links" ADD CONSTRAINT "prospect_contact_links_contact_id_prospect_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."prospect_contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prospect_contacts" ADD CONSTRAINT "prospect_contacts_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prospect_file_missions" ADD CONSTRAINT "prospect_file_missions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prospect_file_missions" ADD CONSTRAINT "prospect_file_missions_file_id_prospect_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."prospect_files"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prospect_file_missions" ADD CONSTRAINT "prospect_file_missions_executor_user_id_users_id_fk" FOREIGN KEY ("executor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prospect_files" ADD CONSTRAINT "prospect_files_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prospect_files" ADD CONSTRAINT "prospect_files_prospect_id_prospects_id_fk" FOREIGN KEY ("prospect_id") REFERENCES "public"."prospects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prospect_files" ADD CONSTRAINT "prospect_files_firm_id_firms_id_fk" FOREIGN KEY ("firm_id") REFERENCES "public"."firms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prospect_files" ADD CONSTRAINT "prospect_files_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prospect_files" ADD CONSTRAINT "prospect_files_holder_user_id_users_id_fk" FOREIGN KEY ("holder_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prospect_files" ADD CONSTRAINT "prospect_files_partner_user_id_users_id_fk" FOREIGN KEY ("partner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prospect_history_subjects" ADD CONSTRAINT "prospect_history_subjects_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prospect_reasons" ADD CONSTRAINT "prospect_reasons_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prospects" ADD CONSTRAINT "prospects_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prospects" ADD CONSTRAINT "prospects_source_salesperson_id_users_id_fk" FOREIGN KEY ("source_salesperson_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prospects" ADD CONSTRAINT "prospects_operational_salesperson_id_users_id_fk" FOREIGN KEY ("operational_salesperson_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prospects" ADD CONSTRAINT "prospects_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "prospect_actions_prospect_idx" ON "prospect_actions" USING btree ("prospect_id","status","due_date","due_time");--> statement-breakpoint
CREATE INDEX "prospect_actions_organisation_idx" ON "prospect_actions" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "prospect_contact_links_contact_idx" ON "prospect_contact_links" USING btree ("contact_id");--> statement-breakpoint
CREATE UNIQUE INDEX "prospect_contact_links_one_preferred_key" ON "prospect_contact_links" USING btree ("prospect_id") WHERE "prospect_contact_links"."is_preferred";--> statement-breakpoint
CREATE INDEX "prospect_contacts_organisation_idx" ON "prospect_contacts" USING btree ("organisation_id","last_name","first_name","id");--> statement-breakpoint
CREATE INDEX "prospect_file_missions_file_idx" ON "prospect_file_missions" USING btree ("file_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "prospect_files_service_key" ON "prospect_files" USING btree ("prospect_id","service_type");--> statement-breakpoint
CREATE INDEX "prospect_files_organisation_idx" ON "prospect_files" USING btree ("organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "prospect_reasons_label_key" ON "prospect_reasons" USING btree ("organisation_id","kind","label");--> statement-breakpoint
CREATE INDEX "prospects_organisation_created_idx" ON "prospects" USING btree ("organisation_id","created_at","id");--> statement-breakpoint
CREATE INDEX "prospects_organisation_name_idx" ON "prospects" USING btree ("organisation_id","company_name_search","id");--> statement-breakpoint
CREATE INDEX "prospects_organisation_city_idx" ON "prospects" USING btree ("organisation_id","city","id");--> statement-breakpoint
CREATE INDEX "prospects_organisation_last_action_idx" ON "prospects" USING btree ("organisation_id","last_action_date","id");--> statement-breakpoint
CREATE INDEX "prospects_organisation_next_action_idx" ON "prospects" USING btree ("organisation_id","next_action_date","id");--> statement-breakpoint
CREATE INDEX "prospects_organisation_status_idx" ON "prospects" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "prospects_organisation_source_idx" ON "prospects" USING btree ("organisation_id","source");--> statement-breakpoint
CREATE INDEX "prospects_organisation_client_type_idx" ON "prospects" USING btree ("organisation_id","client_type");--> statement-breakpoint
CREATE INDEX "prospects_organisation_naf_idx" ON "prospects" USING btree ("organisation_id","naf_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "prospects_organisation_siret_idx" ON "prospects" USING btree ("organisation_id","siret" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "prospects_source_salesperson_idx" ON "prospects" USING btree ("organisation_id","source_salesperson_id");--> statement-breakpoint
CREATE INDEX "prospects_operational_salesperson_idx" ON "prospects" USING btree ("organisation_id","operational_salesperson_id");--> statement-breakpoint
CREATE INDEX "prospects_business_acquirer_idx" ON "prospects" USING btree ("organisation_id","id") WHERE "prospects"."business_acquirer";