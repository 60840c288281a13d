import { Router, type RequestHandler } from 'express';
import type { ApiRegistry } from '../../http/endpoint';
import { UnauthenticatedError } from '../../common/errors';
import { overseerrWebhookSchema } from './overseerr-webhook.schemas';
import type { OverseerrWebhookService } from './overseerr-webhook.service';

/** Public routes authenticated by a shared secret instead of a session (mounted at /api/v1/webhooks). */
export function webhookRoutes(api: ApiRegistry, webhooks: OverseerrWebhookService): Router {
  const router = Router();
  // Runs before body validation, so a caller without the secret learns nothing about the payload rules.
  const sharedSecret: RequestHandler = async (req, _res, next) => {
    if (!(await webhooks.authorized(req.get('authorization')))) throw new UnauthenticatedError('The webhook secret is missing or wrong.');
    next();
  };
  router.post(
    '/overseerr',
    ...api.endpoint(
      {
        method: 'post',
        path: '/api/v1/webhooks/overseerr',
        summary: 'Overseerr webhook (default JSON template); Authorization must equal OVERSEERR_WEBHOOK_SECRET',
        tags: ['Webhooks'],
        access: 'public',
        before: [sharedSecret],
        body: overseerrWebhookSchema,
        responses: {
          204: { description: 'Received (also for test notifications, repeats and requests MediaNest does not know)' },
          401: { description: 'Missing or wrong secret, or no secret configured' },
        },
      },
      async ({ body, res }) => {
        await webhooks.handle(body);
        res.status(204).end();
      },
    ),
  );
  return router;
}
