import type { PayPalClient } from './paypal-client.ts';

/** The headers PayPal signs a webhook delivery with. */
export interface PayPalTransmission {
  transmissionId: string;
  transmissionTime: string;
  transmissionSig: string;
  certUrl: string;
  authAlgo: string;
}

/** Whether PayPal sent this event to our webhook. */
export interface PayPalWebhookVerifier {
  verify(transmission: PayPalTransmission, event: unknown): Promise<boolean>;
}

export const TRANSMISSION_HEADERS: Record<keyof PayPalTransmission, string> = {
  transmissionId: 'paypal-transmission-id',
  transmissionTime: 'paypal-transmission-time',
  transmissionSig: 'paypal-transmission-sig',
  certUrl: 'paypal-cert-url',
  authAlgo: 'paypal-auth-algo',
};

/**
 * Verification by PayPal itself (`POST /v1/notifications/verify-webhook-signature`) against the id
 * PayPal gave our endpoint: SUCCESS only for an event PayPal signed for this webhook, unchanged.
 */
export function createPayPalWebhookVerifier(client: PayPalClient, webhookId: string): PayPalWebhookVerifier {
  return {
    async verify(transmission, event) {
      const answer = await client.request<{ verification_status: string }>(
        'POST',
        '/v1/notifications/verify-webhook-signature',
        {
          auth_algo: transmission.authAlgo,
          cert_url: transmission.certUrl,
          transmission_id: transmission.transmissionId,
          transmission_sig: transmission.transmissionSig,
          transmission_time: transmission.transmissionTime,
          webhook_id: webhookId,
          webhook_event: event,
        },
      );
      return answer.verification_status === 'SUCCESS';
    },
  };
}
