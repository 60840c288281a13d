-- CreateTable
CREATE TABLE "plex_shares" (
    "user_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "all_libraries" BOOLEAN NOT NULL DEFAULT false,
    "section_keys" TEXT[],
    "libraries" JSONB NOT NULL DEFAULT '[]',
    "filters" JSONB NOT NULL DEFAULT '{}',
    "checked_at" TIMESTAMP(3) NOT NULL,
    "changed_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "plex_shares_pkey" PRIMARY KEY ("user_id")
);

-- AddForeignKey
ALTER TABLE "plex_shares" ADD CONSTRAINT "plex_shares_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

