import express, { Router } from 'express';
import type { Logger } from 'pino';
import type { StripeWebhook } from './stripe/stripe-webhook.ts';

/** `POST /webhooks/stripe`: the raw body, as Stripe signed it, goes to the webhook unparsed. */
export function createWebhookRoutes(stripe: StripeWebhook | null, logger: Logger): Router {
  const router = Router();
  router.post('/stripe', express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
    if (!stripe) {
      res.status(404).json({ received: false, error: 'Stripe is not set up here' });
      return;
    }
    try {
      const payload = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const { status, body } = await stripe(payload, req.header('stripe-signature'));
      res.status(status).json(body);
    } catch (error) {
      // Stripe sends the event again later; until then nothing of it was applied.
      logger.error({ err: error }, 'stripe webhook failed');
      res.status(500).json({ received: false, error: 'internal error' });
    }
  });
  return router;
}
