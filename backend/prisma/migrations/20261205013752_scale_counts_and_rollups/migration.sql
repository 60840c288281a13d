-- CreateTable
CREATE TABLE "media_request_counts" (
    "user_id" TEXT NOT NULL,
    "status" "RequestStatus" NOT NULL,
    "n" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "media_request_counts_pkey" PRIMARY KEY ("user_id","status")
);

-- CreateTable
CREATE TABLE "service_check_hourly" (
    "service_id" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "ok" INTEGER NOT NULL DEFAULT 0,
    "known" INTEGER NOT NULL DEFAULT 0,
    "total_ms" BIGINT NOT NULL DEFAULT 0,
    "timed" INTEGER NOT NULL DEFAULT 0,
    "worst" INTEGER NOT NULL DEFAULT 0,
    "first_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "service_check_hourly_pkey" PRIMARY KEY ("service_id","hour")
);

-- CreateIndex
CREATE INDEX "service_check_hourly_hour_idx" ON "service_check_hourly"("hour");

-- CreateIndex
CREATE INDEX "media_requests_user_id_created_at_id_idx" ON "media_requests"("user_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "media_requests_created_at_id_idx" ON "media_requests"("created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "media_requests_status_created_at_id_idx" ON "media_requests"("status", "created_at" DESC, "id" DESC);


-- media_request_counts: one row per (user, status) and one per status for everyone (user_id '').
-- Statement-level triggers read the changed rows from transition tables and apply the deltas in
-- one ordered upsert: rows are locked in (user_id, status) order, so concurrent writers cannot
-- deadlock on the shared "everyone" rows.
CREATE FUNCTION media_request_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO media_request_counts AS c (user_id, status, n)
    SELECT u, s, sum(d) FROM (
      SELECT user_id, status, 1 FROM new_rows UNION ALL SELECT '', status, 1 FROM new_rows
    ) AS t(u, s, d)
    GROUP BY u, s ORDER BY u, s
    ON CONFLICT (user_id, status) DO UPDATE SET n = c.n + EXCLUDED.n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO media_request_counts AS c (user_id, status, n)
    SELECT u, s, sum(d) FROM (
      SELECT user_id, status, -1 FROM old_rows UNION ALL SELECT '', status, -1 FROM old_rows
    ) AS t(u, s, d)
    GROUP BY u, s ORDER BY u, s
    ON CONFLICT (user_id, status) DO UPDATE SET n = c.n + EXCLUDED.n;
  ELSE
    INSERT INTO media_request_counts AS c (user_id, status, n)
    SELECT u, s, sum(d) FROM (
      SELECT user_id, status, -1 FROM old_rows UNION ALL SELECT '', status, -1 FROM old_rows
      UNION ALL SELECT user_id, status, 1 FROM new_rows UNION ALL SELECT '', status, 1 FROM new_rows
    ) AS t(u, s, d)
    GROUP BY u, s HAVING sum(d) <> 0 ORDER BY u, s
    ON CONFLICT (user_id, status) DO UPDATE SET n = c.n + EXCLUDED.n;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER media_request_counts_insert AFTER INSERT ON media_requests
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION media_request_counts_apply();
CREATE TRIGGER media_request_counts_update AFTER UPDATE ON media_requests
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION media_request_counts_apply();
CREATE TRIGGER media_request_counts_delete AFTER DELETE ON media_requests
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION media_request_counts_apply();

INSERT INTO media_request_counts (user_id, status, n)
SELECT user_id, status, count(*) FROM media_requests GROUP BY user_id, status
UNION ALL
SELECT '', status, count(*) FROM media_requests GROUP BY status;

-- service_check_hourly: every inserted batch of checks is folded into its services' hours.
CREATE FUNCTION service_check_hourly_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO service_check_hourly AS h (service_id, hour, ok, known, total_ms, timed, worst, first_at)
  SELECT service_id, date_trunc('hour', checked_at),
         count(*) FILTER (WHERE status IN ('up', 'degraded')),
         count(*) FILTER (WHERE status <> 'unknown'),
         coalesce(sum(response_time_ms), 0),
         count(response_time_ms),
         max(CASE status WHEN 'down' THEN 3 WHEN 'degraded' THEN 2 WHEN 'up' THEN 1 ELSE 0 END),
         min(checked_at)
  FROM new_rows
  GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (service_id, hour) DO UPDATE SET
    ok = h.ok + EXCLUDED.ok,
    known = h.known + EXCLUDED.known,
    total_ms = h.total_ms + EXCLUDED.total_ms,
    timed = h.timed + EXCLUDED.timed,
    worst = greatest(h.worst, EXCLUDED.worst),
    first_at = least(h.first_at, EXCLUDED.first_at);
  RETURN NULL;
END $$;

CREATE TRIGGER service_check_hourly_insert AFTER INSERT ON service_checks
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION service_check_hourly_apply();

INSERT INTO service_check_hourly (service_id, hour, ok, known, total_ms, timed, worst, first_at)
SELECT service_id, date_trunc('hour', checked_at),
       count(*) FILTER (WHERE status IN ('up', 'degraded')),
       count(*) FILTER (WHERE status <> 'unknown'),
       coalesce(sum(response_time_ms), 0),
       count(response_time_ms),
       max(CASE status WHEN 'down' THEN 3 WHEN 'degraded' THEN 2 WHEN 'up' THEN 1 ELSE 0 END),
       min(checked_at)
FROM service_checks
GROUP BY 1, 2;
