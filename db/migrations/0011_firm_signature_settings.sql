CREATE TABLE "firm_signature_settings" (
	"firm_id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"expires_in_days" integer DEFAULT 30 NOT NULL,
	"reminder_interval_days" integer DEFAULT 7 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "firm_signature_settings_expiry" CHECK ("firm_signature_settings"."expires_in_days" between 1 and 365),
	CONSTRAINT "firm_signature_settings_reminders" CHECK ("firm_signature_settings"."reminder_interval_days" between 1 and 60)
);
--> statement-breakpoint
ALTER TABLE "firm_signature_settings" ADD CONSTRAINT "firm_signature_settings_firm_id_firms_id_fk" FOREIGN KEY ("firm_id") REFERENCES "public"."firms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "firm_signature_settings" ADD CONSTRAINT "firm_signature_settings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;