-- DropIndex
DROP INDEX "media_requests_user_id_status_created_at_idx";

-- DropIndex
DROP INDEX "audit_log_created_at_idx";

-- DropIndex
DROP INDEX "audit_log_actor_id_idx";

-- DropIndex
DROP INDEX "notifications_user_id_read_at_created_at_idx";

-- CreateIndex
CREATE INDEX "users_created_at_id_idx" ON "users"("created_at", "id");

-- CreateIndex
CREATE INDEX "media_requests_user_id_status_created_at_id_idx" ON "media_requests"("user_id", "status", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "audit_log_created_at_id_idx" ON "audit_log"("created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "audit_log_actor_id_created_at_id_idx" ON "audit_log"("actor_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "notifications_user_id_created_at_id_idx" ON "notifications"("user_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "notifications_user_id_read_at_created_at_id_idx" ON "notifications"("user_id", "read_at", "created_at" DESC, "id" DESC);

-- The user search's trigram indexes take each new user straight into the index instead of a
-- pending list that only (auto)vacuum merges: until then every search read the whole pending list
-- and the planner, pricing it, preferred reading every user. Users are written rarely.
ALTER INDEX "users_username_trgm_idx" SET (fastupdate = off);
ALTER INDEX "users_email_trgm_idx" SET (fastupdate = off);
SELECT gin_clean_pending_list('users_username_trgm_idx'::regclass);
SELECT gin_clean_pending_list('users_email_trgm_idx'::regclass);
