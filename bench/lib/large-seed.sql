-- A large instance for the data-growth benchmark (bench/scale.mjs): 10,000 users, 200,000 media
-- requests with two history rows each, 2,000,000 service checks across 20 services over 30 days,
-- 200,000 notifications and 50,000 audit entries. Deterministic (no random()), so every run
-- measures the same data. Users and requests of the benchmark's own accounts are added by the
-- benchmark itself.
INSERT INTO users (id, username, email, role, status, created_at, updated_at)
SELECT 'seed-u' || g, 'member' || g, 'member' || g || '@bench.invalid', 'user', CASE WHEN g % 50 = 0 THEN 'suspended' ELSE 'active' END::"UserStatus",
       now() - g * interval '1 minute', now()
FROM generate_series(1, 10000) AS g;

INSERT INTO media_requests (id, user_id, tmdb_id, media_type, title, year, status, seasons, created_at, updated_at)
SELECT 'seed-r' || g, 'seed-u' || (1 + g % 10000), 100000 + g,
       CASE WHEN g % 3 = 0 THEN 'tv' ELSE 'movie' END::"MediaType",
       'Seeded title ' || g, 1990 + g % 35,
       (ARRAY['pending', 'approved', 'processing', 'available', 'available', 'declined', 'failed', 'partially_available'])[1 + g % 8]::"RequestStatus",
       CASE WHEN g % 3 = 0 THEN '[1, 2]'::jsonb ELSE NULL END,
       now() - g * interval '2 minutes', now() - g * interval '1 minute'
FROM generate_series(1, 200000) AS g;

INSERT INTO media_request_history (id, request_id, status, source, at)
SELECT 'seed-h' || g || '-' || k, 'seed-r' || g, (CASE WHEN k = 0 THEN 'pending' ELSE 'approved' END)::"RequestStatus", 'seed',
       now() - g * interval '2 minutes' + k * interval '1 minute'
FROM generate_series(1, 200000) AS g, generate_series(0, 1) AS k;

-- 20 services x 100,000 checks, one every ~26 s over the last 30 days; 1 in 40 down, 1 in 25 degraded.
INSERT INTO service_checks (service_id, name, status, response_time_ms, checked_at)
SELECT CASE WHEN s = 1 THEN 'plex' WHEN s = 2 THEN 'overseerr' ELSE 'kuma-' || s END,
       'Service ' || s,
       (CASE WHEN (g + s) % 40 = 0 THEN 'down' WHEN (g + s) % 25 = 0 THEN 'degraded' ELSE 'up' END)::"ServiceStatus",
       CASE WHEN (g + s) % 40 = 0 THEN NULL ELSE 20 + (g * 7 + s) % 300 END,
       (now() AT TIME ZONE 'UTC') - g * interval '25.9 seconds'
FROM generate_series(1, 20) AS s, generate_series(1, 100000) AS g;

INSERT INTO notifications (id, user_id, type, title, message, read_at, created_at)
SELECT 'seed-n' || g, 'seed-u' || (1 + g % 10000), 'request.updated', 'Seeded notification', 'Seeded title ' || g || ' is now available',
       CASE WHEN g % 3 = 0 THEN NULL ELSE now() END, now() - g * interval '1 minute'
FROM generate_series(1, 200000) AS g;

INSERT INTO audit_log (id, actor_id, action, target_type, target_id, details, ip, created_at)
SELECT 'seed-a' || g, 'seed-u' || (1 + g % 10000), (ARRAY['auth.login', 'media.request_created', 'admin.user_updated'])[1 + g % 3],
       'user', 'seed-u' || (1 + (g * 7) % 10000), '{"seeded": true}'::jsonb, '127.0.0.1', now() - g * interval '1 minute'
FROM generate_series(1, 50000) AS g;

ANALYZE;
