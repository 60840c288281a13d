-- CreateTable
CREATE TABLE "follows" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "tmdb_id" INTEGER NOT NULL,
    "media_type" "MediaType" NOT NULL,
    "title" TEXT,
    "source" TEXT NOT NULL DEFAULT 'manual',
    "available_notified_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "follows_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_jobs" (
    "id" TEXT NOT NULL,
    "user_id" TEXT,
    "channel" TEXT NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "run_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_until" TIMESTAMP(3),
    "last_error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "notification_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_settings" (
    "user_id" TEXT NOT NULL,
    "preferences" JSONB NOT NULL,
    "targets_enc" TEXT,
    "digest_opt_out" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "notification_settings_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "push_subscriptions" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "endpoint" TEXT NOT NULL,
    "p256dh" TEXT NOT NULL,
    "auth" TEXT NOT NULL,
    "user_agent" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "push_subscriptions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "follows_tmdb_id_media_type_idx" ON "follows"("tmdb_id", "media_type");

-- CreateIndex
CREATE UNIQUE INDEX "follows_user_id_tmdb_id_media_type_key" ON "follows"("user_id", "tmdb_id", "media_type");

-- CreateIndex
CREATE UNIQUE INDEX "notification_jobs_dedupe_key_key" ON "notification_jobs"("dedupe_key");

-- CreateIndex
CREATE INDEX "notification_jobs_status_run_at_idx" ON "notification_jobs"("status", "run_at");

-- CreateIndex
CREATE UNIQUE INDEX "push_subscriptions_endpoint_key" ON "push_subscriptions"("endpoint");

-- CreateIndex
CREATE INDEX "push_subscriptions_user_id_idx" ON "push_subscriptions"("user_id");

-- AddForeignKey
ALTER TABLE "follows" ADD CONSTRAINT "follows_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_settings" ADD CONSTRAINT "notification_settings_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "push_subscriptions" ADD CONSTRAINT "push_subscriptions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Requesting a title, or being linked to someone else's request for it, follows
-- it. A trigger keeps that true for every way a request row is stored, without
-- the request code having to know about follows.
CREATE FUNCTION "follow_requested_title"() RETURNS trigger AS $$
BEGIN
  INSERT INTO "follows" ("id", "user_id", "tmdb_id", "media_type", "title", "source")
  VALUES (gen_random_uuid()::text, NEW."user_id", NEW."tmdb_id", NEW."media_type", NEW."title", 'request')
  ON CONFLICT ("user_id", "tmdb_id", "media_type") DO NOTHING;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "media_requests_follow" AFTER INSERT ON "media_requests"
  FOR EACH ROW EXECUTE FUNCTION "follow_requested_title"();

-- Existing requests follow their titles too.
INSERT INTO "follows" ("id", "user_id", "tmdb_id", "media_type", "title", "source", "available_notified_at")
SELECT DISTINCT ON ("user_id", "tmdb_id", "media_type") gen_random_uuid()::text, "user_id", "tmdb_id", "media_type", "title", 'request',
       CASE WHEN "status" = 'available' THEN CURRENT_TIMESTAMP END
FROM "media_requests"
ORDER BY "user_id", "tmdb_id", "media_type", "created_at"
ON CONFLICT ("user_id", "tmdb_id", "media_type") DO NOTHING;
