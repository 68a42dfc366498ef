import express, { Router, type Request } from 'express';
import type { Logger } from 'pino';
import type { PayPalWebhook } from './paypal/paypal-webhook.ts';
import type { StripeWebhook } from './stripe/stripe-webhook.ts';

/** What an endpoint answers the provider: 400 is "not accepted", 200 "received". */
export interface WebhookOutcome {
  status: 200 | 400;
  body: { received: boolean; error?: string; duplicate?: boolean; ignored?: boolean };
}

export interface ProviderWebhooks {
  stripe: StripeWebhook | null;
  paypal: PayPalWebhook | null;
}

/**
 * `POST /webhooks/stripe` and `/webhooks/paypal`: the raw body, as the provider sent it, goes to its
 * webhook unparsed. A failure answers 500 with nothing applied, and the provider sends the event again.
 */
export function createWebhookRoutes(webhooks: ProviderWebhooks, logger: Logger): Router {
  const router = Router();
  const route = (
    path: string,
    provider: string,
    receive: ((req: Request, payload: Buffer) => Promise<WebhookOutcome>) | null,
  ) =>
    router.post(path, express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
      if (!receive) {
        res.status(404).json({ received: false, error: `${provider} is not set up here` });
        return;
      }
      try {
        const { status, body } = await receive(req, Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
        res.status(status).json(body);
      } catch (error) {
        logger.error({ err: error }, `${provider.toLowerCase()} webhook failed`);
        res.status(500).json({ received: false, error: 'internal error' });
      }
    });
  const { stripe, paypal } = webhooks;
  route('/stripe', 'Stripe', stripe && ((req, payload) => stripe(payload, req.header('stripe-signature'))));
  route('/paypal', 'PayPal', paypal && ((req, payload) => paypal(payload, (name) => req.header(name))));
  return router;
}
