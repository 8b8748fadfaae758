-- The history log is append-only: corrections are new entries, never edits.
CREATE OR REPLACE FUNCTION history_entries_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'history_entries is append-only';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER history_entries_append_only
  BEFORE UPDATE OR DELETE ON history_entries
  FOR EACH ROW EXECUTE FUNCTION history_entries_refuse_change();
