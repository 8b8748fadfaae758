ALTER TABLE "prospects" ADD COLUMN "contact_names_search" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "prospects" ADD COLUMN "contact_emails_search" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "prospects" ADD COLUMN "contact_phones_digits" text DEFAULT '' NOT NULL;