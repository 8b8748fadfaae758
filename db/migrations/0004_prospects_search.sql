-- Trigram indexes for the prospects' advanced search (partial, case- and accent-insensitive
-- matches on normalised columns, and phone digits). pg_trgm is optional: where it cannot be
-- created (PGlite without the extension loaded) the search still works, without these indexes.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'pg_trgm unavailable (%); prospect search runs without trigram indexes', SQLERRM;
END $$;
--> statement-breakpoint
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    CREATE INDEX IF NOT EXISTS prospects_company_name_trgm_idx ON prospects USING gin (company_name_search gin_trgm_ops);
    CREATE INDEX IF NOT EXISTS prospects_note_trgm_idx ON prospects USING gin (note_search gin_trgm_ops);
    CREATE INDEX IF NOT EXISTS prospects_phone_digits_trgm_idx ON prospects USING gin (phone_digits gin_trgm_ops);
    CREATE INDEX IF NOT EXISTS prospects_foreign_phone_digits_trgm_idx ON prospects USING gin (foreign_phone_digits gin_trgm_ops);
    CREATE INDEX IF NOT EXISTS prospect_contacts_name_trgm_idx ON prospect_contacts USING gin (name_search gin_trgm_ops);
    CREATE INDEX IF NOT EXISTS prospect_contacts_email_trgm_idx ON prospect_contacts USING gin (email gin_trgm_ops);
    CREATE INDEX IF NOT EXISTS prospect_contacts_home_phone_trgm_idx ON prospect_contacts USING gin (home_phone_digits gin_trgm_ops);
    CREATE INDEX IF NOT EXISTS prospect_contacts_mobile_trgm_idx ON prospect_contacts USING gin (mobile_digits gin_trgm_ops);
  END IF;
END $$;
