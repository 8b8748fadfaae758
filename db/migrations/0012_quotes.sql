CREATE TABLE "firm_quote_settings" (
	"firm_id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"validity_days" integer DEFAULT 30 NOT NULL,
	"reminder_days" jsonb DEFAULT '[7,14]'::jsonb NOT NULL,
	"e_signature_enabled" boolean DEFAULT false NOT NULL,
	"legal_mentions" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quote_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"quote_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"idempotency_key" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quotes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"firm_id" uuid NOT NULL,
	"origin" text NOT NULL,
	"account_kind" text NOT NULL,
	"client_id" uuid,
	"prospect_id" uuid,
	"contact_id" uuid,
	"prospect_file_id" uuid,
	"assignee_user_id" uuid,
	"status" text DEFAULT 'draft' NOT NULL,
	"number" text,
	"sequence_year" integer,
	"sequence_number" integer,
	"title" text,
	"valid_until" date NOT NULL,
	"notes" text,
	"lines" jsonb NOT NULL,
	"vat_breakdown" jsonb NOT NULL,
	"total_excl_tax_cents" integer NOT NULL,
	"total_vat_cents" integer NOT NULL,
	"total_incl_tax_cents" integer NOT NULL,
	"document_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"duplicated_from_id" uuid,
	"view_count" integer DEFAULT 0 NOT NULL,
	"sent_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"acceptance" jsonb,
	"declined_at" timestamp with time zone,
	"decline_reason" text,
	"expired_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quotes_account" CHECK (("quotes"."account_kind" = 'client' and "quotes"."client_id" is not null) or ("quotes"."account_kind" = 'prospect' and "quotes"."prospect_id" is not null)),
	CONSTRAINT "quotes_sent_has_number" CHECK ("quotes"."status" = 'draft' or "quotes"."status" = 'cancelled' or "quotes"."number" is not null)
);
--> statement-breakpoint
ALTER TABLE "firm_quote_settings" ADD CONSTRAINT "firm_quote_settings_firm_id_firms_id_fk" FOREIGN KEY ("firm_id") REFERENCES "public"."firms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "firm_quote_settings" ADD CONSTRAINT "firm_quote_settings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_events" ADD CONSTRAINT "quote_events_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_events" ADD CONSTRAINT "quote_events_quote_id_quotes_id_fk" FOREIGN KEY ("quote_id") REFERENCES "public"."quotes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_firm_id_firms_id_fk" FOREIGN KEY ("firm_id") REFERENCES "public"."firms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_prospect_id_prospects_id_fk" FOREIGN KEY ("prospect_id") REFERENCES "public"."prospects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_prospect_file_id_prospect_files_id_fk" FOREIGN KEY ("prospect_file_id") REFERENCES "public"."prospect_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_assignee_user_id_users_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "quote_events_quote_idx" ON "quote_events" USING btree ("quote_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "quote_events_idempotency_key" ON "quote_events" USING btree ("quote_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "quotes_firm_number_key" ON "quotes" USING btree ("firm_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "quotes_firm_sequence_key" ON "quotes" USING btree ("firm_id","sequence_year","sequence_number");--> statement-breakpoint
CREATE INDEX "quotes_organisation_idx" ON "quotes" USING btree ("organisation_id","created_at","id");--> statement-breakpoint
CREATE INDEX "quotes_client_idx" ON "quotes" USING btree ("organisation_id","client_id");--> statement-breakpoint
CREATE INDEX "quotes_prospect_idx" ON "quotes" USING btree ("organisation_id","prospect_id");