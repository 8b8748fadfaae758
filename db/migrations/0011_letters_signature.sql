CREATE TABLE "client_aml_records" (
	"client_id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"risk_level" text,
	"id_document_id" uuid,
	"registry_extract_document_id" uuid,
	"registry_extract_issued_on" date,
	"beneficial_owners" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"relationship_ended_on" date,
	"retain_until" date,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "custom_fields" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"mission_type" text NOT NULL,
	"key" text NOT NULL,
	"label" text NOT NULL,
	"kind" text NOT NULL,
	"required" boolean DEFAULT false NOT NULL,
	"position" integer NOT NULL,
	"options" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "firm_legal_information" (
	"firm_id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"consumer_mediator" text,
	"professional_insurance" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "letter_models" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"firm_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"paragraphs" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mission_letters" (
	"mission_id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"model_id" uuid,
	"mission_type" text DEFAULT 'accounting' NOT NULL,
	"interview_date" date,
	"objectives" text,
	"nature" text,
	"needs" text,
	"typology" text,
	"custom_values" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"firm_representative_user_id" uuid,
	"client_representative_contact_id" uuid,
	"destination_folder_id" uuid,
	"attachment_document_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"frozen_at" timestamp with time zone,
	"document_id" uuid,
	"sha256" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signature_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"nature" text NOT NULL,
	"document_id" uuid NOT NULL,
	"name" text NOT NULL,
	"sha256" text NOT NULL,
	"provider_document_id" text,
	"signed_document_id" uuid,
	"audit_trail_document_id" uuid
);
--> statement-breakpoint
CREATE TABLE "signature_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"signer_id" uuid,
	"type" text NOT NULL,
	"provider_event_id" text,
	"ip" text,
	"user_agent" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signature_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"method" text NOT NULL,
	"level" text DEFAULT 'simple' NOT NULL,
	"status" text DEFAULT 'ongoing' NOT NULL,
	"provider_request_id" text,
	"expires_at" timestamp with time zone NOT NULL,
	"reminder_interval_days" integer DEFAULT 7 NOT NULL,
	"end_reason" text,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signature_signers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"role" text NOT NULL,
	"full_name" text NOT NULL,
	"email" text NOT NULL,
	"mobile" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"provider_signer_id" text,
	"access_token_hash" text,
	"otp_hash" text,
	"otp_expires_at" timestamp with time zone,
	"otp_failures" integer DEFAULT 0 NOT NULL,
	"locked_at" timestamp with time zone,
	"signed_at" timestamp with time zone,
	"signature_mark" jsonb,
	"last_reminded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "client_aml_records" ADD CONSTRAINT "client_aml_records_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_aml_records" ADD CONSTRAINT "client_aml_records_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_aml_records" ADD CONSTRAINT "client_aml_records_id_document_id_documents_id_fk" FOREIGN KEY ("id_document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_aml_records" ADD CONSTRAINT "client_aml_records_registry_extract_document_id_documents_id_fk" FOREIGN KEY ("registry_extract_document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "custom_fields" ADD CONSTRAINT "custom_fields_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "firm_legal_information" ADD CONSTRAINT "firm_legal_information_firm_id_firms_id_fk" FOREIGN KEY ("firm_id") REFERENCES "public"."firms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "firm_legal_information" ADD CONSTRAINT "firm_legal_information_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_models" ADD CONSTRAINT "letter_models_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_models" ADD CONSTRAINT "letter_models_firm_id_firms_id_fk" FOREIGN KEY ("firm_id") REFERENCES "public"."firms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mission_letters" ADD CONSTRAINT "mission_letters_mission_id_missions_id_fk" FOREIGN KEY ("mission_id") REFERENCES "public"."missions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mission_letters" ADD CONSTRAINT "mission_letters_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mission_letters" ADD CONSTRAINT "mission_letters_model_id_letter_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."letter_models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mission_letters" ADD CONSTRAINT "mission_letters_firm_representative_user_id_users_id_fk" FOREIGN KEY ("firm_representative_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mission_letters" ADD CONSTRAINT "mission_letters_client_representative_contact_id_client_contacts_id_fk" FOREIGN KEY ("client_representative_contact_id") REFERENCES "public"."client_contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mission_letters" ADD CONSTRAINT "mission_letters_destination_folder_id_document_folders_id_fk" FOREIGN KEY ("destination_folder_id") REFERENCES "public"."document_folders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mission_letters" ADD CONSTRAINT "mission_letters_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signature_documents" ADD CONSTRAINT "signature_documents_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signature_documents" ADD CONSTRAINT "signature_documents_request_id_signature_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."signature_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signature_documents" ADD CONSTRAINT "signature_documents_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signature_documents" ADD CONSTRAINT "signature_documents_signed_document_id_documents_id_fk" FOREIGN KEY ("signed_document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signature_documents" ADD CONSTRAINT "signature_documents_audit_trail_document_id_documents_id_fk" FOREIGN KEY ("audit_trail_document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signature_events" ADD CONSTRAINT "signature_events_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signature_events" ADD CONSTRAINT "signature_events_request_id_signature_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."signature_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signature_events" ADD CONSTRAINT "signature_events_signer_id_signature_signers_id_fk" FOREIGN KEY ("signer_id") REFERENCES "public"."signature_signers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signature_requests" ADD CONSTRAINT "signature_requests_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signature_requests" ADD CONSTRAINT "signature_requests_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signature_signers" ADD CONSTRAINT "signature_signers_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signature_signers" ADD CONSTRAINT "signature_signers_request_id_signature_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."signature_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "custom_fields_key" ON "custom_fields" USING btree ("organisation_id","mission_type","key");--> statement-breakpoint
CREATE INDEX "custom_fields_list_idx" ON "custom_fields" USING btree ("organisation_id","mission_type","position");--> statement-breakpoint
CREATE UNIQUE INDEX "letter_models_name_key" ON "letter_models" USING btree ("firm_id","name");--> statement-breakpoint
CREATE INDEX "letter_models_organisation_idx" ON "letter_models" USING btree ("organisation_id","firm_id");--> statement-breakpoint
CREATE UNIQUE INDEX "signature_documents_position_key" ON "signature_documents" USING btree ("request_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "signature_events_provider_key" ON "signature_events" USING btree ("provider_event_id");--> statement-breakpoint
CREATE INDEX "signature_events_request_idx" ON "signature_events" USING btree ("request_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "signature_requests_idempotency_key" ON "signature_requests" USING btree ("organisation_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "signature_requests_provider_key" ON "signature_requests" USING btree ("method","provider_request_id");--> statement-breakpoint
CREATE INDEX "signature_requests_subject_idx" ON "signature_requests" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE UNIQUE INDEX "signature_signers_position_key" ON "signature_signers" USING btree ("request_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "signature_signers_token_key" ON "signature_signers" USING btree ("access_token_hash");