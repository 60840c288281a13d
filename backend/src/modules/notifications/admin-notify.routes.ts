import { Router } from 'express';
import { z } from 'zod';
import { authOf } from '../../http/authenticate';
import type { ApiRegistry } from '../../http/endpoint';
import { NotFoundError } from '../../common/errors';
import { listSchema, pageQuery, skipTake, toList } from '../../http/pagination';
import type { AuditService } from '../audit/audit.service';
import type { NotifyAdminSettings } from './admin-settings.service';
import type { NotificationsModule } from './notifications.module';
import { adminNotifySettingsBody, adminNotifySettingsResponse, announcementBody, deliverySchema } from './notifications.schemas';


export function adminNotifyRoutes(api: ApiRegistry, m: NotificationsModule, audit: AuditService): Router {
  const router = Router();
  const base = '/api/v1/admin/notifications';
  const present = async (s: NotifyAdminSettings) => ({
    smtp: { host: s.smtp.host ?? null, port: s.smtp.port ?? null, tls: s.smtp.tls, user: s.smtp.user ?? null, passwordSet: Boolean(s.smtp.password), from: s.smtp.from ?? null, managedByEnv: s.smtp.managedByEnv },
    serverName: s.serverName,
    digest: s.digest,
    discordWebhookSet: Boolean(s.discordWebhookUrl),
    vapidPublicKey: (await m.adminSettings.vapidPublicKey()) ?? null,
    deliveries: await m.queue.counts(),
  });

  router.get(
    '/notifications/settings',
    ...api.endpoint(
      { method: 'get', path: `${base}/settings`, summary: 'Notification settings: SMTP (password write-only), server name, weekly digest, announcement Discord webhook, delivery counts', tags: ['Admin'], access: 'admin', responses: { 200: { description: 'Settings', schema: adminNotifySettingsResponse } } },
      async ({ res }) => {
        res.json(await present(await m.adminSettings.get()));
      },
    ),
  );
  router.put(
    '/notifications/settings',
    ...api.endpoint(
      { method: 'put', path: `${base}/settings`, summary: 'Change notification settings (undefined = unchanged, null = cleared)', tags: ['Admin'], access: 'admin', body: adminNotifySettingsBody, responses: { 200: { description: 'Settings', schema: adminNotifySettingsResponse } } },
      async ({ body, req, res }) => {
        const { settings: saved, clearedSecrets } = await m.adminSettings.update(body);
        // Setting keys only: the password itself never reaches the audit log.
        await audit.record({ actorId: authOf(res).user.id, action: 'notifications.settings_changed', details: { fields: Object.keys(body), ...(clearedSecrets.length > 0 ? { clearedSecrets } : {}) }, ip: req.ip });
        res.json(await present(saved));
      },
    ),
  );
  router.get(
    '/notifications/deliveries',
    ...api.endpoint(
      {
        method: 'get',
        path: `${base}/deliveries`,
        summary: 'Outgoing deliveries (email, push, Discord, ntfy, Gotify), newest first; status=failed lists what did not get through',
        tags: ['Admin'],
        access: 'admin',
        query: pageQuery.extend({ status: z.enum(['queued', 'sent', 'failed', 'dropped']).optional() }),
        responses: { 200: { description: 'A page of deliveries', schema: listSchema(deliverySchema) } },
      },
      async ({ query, res }) => {
        const { skip, take } = skipTake(query);
        const { items, total } = await m.queue.list(query.status, skip, take);
        res.json(toList(items, total, query));
      },
    ),
  );
  router.post(
    '/notifications/deliveries/:id/retry',
    ...api.endpoint(
      { method: 'post', path: `${base}/deliveries/{id}/retry`, summary: 'Queue a failed delivery again', tags: ['Admin'], access: 'admin', params: z.object({ id: z.string().uuid() }), responses: { 202: { description: 'Queued again' }, 404: { description: 'No such failed delivery' } } },
      async ({ params, res }) => {
        if (!(await m.queue.retry(params.id))) throw new NotFoundError('No such failed delivery.');
        res.status(202).end();
      },
    ),
  );
  router.post(
    '/announcements',
    ...api.endpoint(
      { method: 'post', path: '/api/v1/admin/announcements', summary: 'Post an announcement to every active user (and the admin Discord channel)', tags: ['Admin'], access: 'admin', body: announcementBody, responses: { 202: { description: 'Sent', schema: z.object({ id: z.string(), recipients: z.number().int() }) } } },
      async ({ body, req, res }) => {
        const result = await m.announce(body);
        await audit.record({ actorId: authOf(res).user.id, action: 'notifications.announcement', details: { id: result.id, title: body.title }, ip: req.ip });
        res.status(202).json(result);
      },
    ),
  );
  return router;
}
