-- Trigram indexes on the prospects' denormalised contact keys (names, emails, phone digits),
-- where pg_trgm is available (see 0004_prospects_search).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    CREATE INDEX IF NOT EXISTS prospects_contact_names_trgm_idx ON prospects USING gin (contact_names_search gin_trgm_ops);
    CREATE INDEX IF NOT EXISTS prospects_contact_emails_trgm_idx ON prospects USING gin (contact_emails_search gin_trgm_ops);
    CREATE INDEX IF NOT EXISTS prospects_contact_phones_trgm_idx ON prospects USING gin (contact_phones_digits gin_trgm_ops);
  END IF;
END $$;
