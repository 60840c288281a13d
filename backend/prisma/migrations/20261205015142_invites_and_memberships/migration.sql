-- CreateTable
CREATE TABLE "invites" (
    "id" TEXT NOT NULL,
    "code_hash" TEXT NOT NULL,
    "code_enc" TEXT NOT NULL,
    "created_by_id" TEXT,
    "role" "Role" NOT NULL DEFAULT 'user',
    "library_keys" JSONB NOT NULL,
    "allow_sync" BOOLEAN NOT NULL DEFAULT false,
    "note" TEXT,
    "expires_at" TIMESTAMP(3),
    "max_uses" INTEGER,
    "uses" INTEGER NOT NULL DEFAULT 0,
    "access_days" INTEGER,
    "revoked_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invites_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "memberships" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "invite_id" TEXT,
    "plex_user_id" TEXT NOT NULL,
    "shared_server_id" TEXT,
    "library_keys" JSONB NOT NULL,
    "allow_sync" BOOLEAN NOT NULL DEFAULT false,
    "expires_at" TIMESTAMP(3),
    "reminder_sent_at" TIMESTAMP(3),
    "ended_at" TIMESTAMP(3),
    "ended_reason" TEXT,
    "share_removed_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "memberships_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "invites_code_hash_key" ON "invites"("code_hash");

-- CreateIndex
CREATE INDEX "invites_created_at_idx" ON "invites"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "memberships_user_id_key" ON "memberships"("user_id");

-- CreateIndex
CREATE INDEX "memberships_expires_at_idx" ON "memberships"("expires_at");

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_invite_id_fkey" FOREIGN KEY ("invite_id") REFERENCES "invites"("id") ON DELETE SET NULL ON UPDATE CASCADE;

