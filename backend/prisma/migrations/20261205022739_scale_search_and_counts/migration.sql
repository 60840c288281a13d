-- CreateTable
CREATE TABLE "row_counts" (
    "table" TEXT NOT NULL,
    "n" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "row_counts_pkey" PRIMARY KEY ("table")
);


-- The audit log's total: one row, kept by statement-level triggers (append-mostly table).
CREATE FUNCTION row_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO row_counts AS c ("table", n) SELECT TG_TABLE_NAME, count(*) FROM new_rows
    ON CONFLICT ("table") DO UPDATE SET n = c.n + EXCLUDED.n;
  ELSE
    INSERT INTO row_counts AS c ("table", n) SELECT TG_TABLE_NAME, -count(*) FROM old_rows
    ON CONFLICT ("table") DO UPDATE SET n = c.n + EXCLUDED.n;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER audit_log_count_insert AFTER INSERT ON audit_log
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION row_counts_apply();
CREATE TRIGGER audit_log_count_delete AFTER DELETE ON audit_log
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION row_counts_apply();

INSERT INTO row_counts ("table", n) SELECT 'audit_log', count(*) FROM audit_log;

-- User search ("contains", case-insensitive) through trigram indexes instead of reading every user.
-- Not in schema.prisma (Prisma cannot describe operator classes without a preview feature).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX users_username_trgm_idx ON users USING gin (username gin_trgm_ops);
CREATE INDEX users_email_trgm_idx ON users USING gin (email gin_trgm_ops);
