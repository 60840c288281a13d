import { Router } from 'express';
import { z } from 'zod';
import type { ApiRegistry } from '../../http/endpoint';
import { ValidationError } from '../../common/errors';
import type { NotificationPreferences } from './preferences.service';
import type { UnsubscribeTokens } from './unsubscribe';
import { unsubscribeQuery } from './notifications.schemas';

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * One-click unsubscribe (RFC 8058). GET shows a confirmation page and changes
 * nothing (mail scanners follow links); POST, as mail clients send it with
 * `List-Unsubscribe=One-Click`, turns email off for that kind of notification.
 */
export function unsubscribeRoutes(api: ApiRegistry, tokens: UnsubscribeTokens, prefs: NotificationPreferences): Router {
  const router = Router();
  const path = '/api/v1/notifications/unsubscribe';
  const verify = (token: string) => {
    const found = tokens.verify(token);
    if (!found) throw new ValidationError('This unsubscribe link is not valid.', [{ path: 'token', message: 'not a valid unsubscribe token', in: 'query' }]);
    return found;
  };
  router.get(
    '/',
    ...api.endpoint(
      { method: 'get', path, summary: 'Unsubscribe page of an email (changes nothing by itself)', tags: ['Notifications'], access: 'public', query: unsubscribeQuery, responses: { 200: { description: 'An HTML page with a confirm button' }, 400: { description: 'Invalid link' } } },
      async ({ query: q, res }) => {
        const { kind } = verify(q.token);
        res
          .type('html')
          .send(
            `<!doctype html><html><head><meta charset="utf-8"><title>Unsubscribe</title></head><body style="font-family:sans-serif">` +
              `<h1>Stop ${escapeHtml(kind)} emails?</h1><form method="post" action="${path}?token=${encodeURIComponent(q.token)}">` +
              `<input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form></body></html>`,
          );
      },
    ),
  );
  router.post(
    '/',
    ...api.endpoint(
      { method: 'post', path, summary: 'One-click unsubscribe: email off for the kind named in the signed token', tags: ['Notifications'], access: 'public', query: unsubscribeQuery, responses: { 200: { description: 'Unsubscribed', schema: z.object({ unsubscribed: z.string() }) }, 400: { description: 'Invalid link' } } },
      async ({ query: q, res }) => {
        const { userId, kind } = verify(q.token);
        await prefs.disable(userId, kind, 'email').catch(() => undefined);
        res.json({ unsubscribed: kind });
      },
    ),
  );
  return router;
}
