import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../common/config.ts';
import { PAYPAL_SANDBOX, paypalFromConfig } from './paypal-client.ts';

describe('PayPal from configuration', () => {
  it('is not offered without credentials, even where compose passes empty values', () => {
    expect(paypalFromConfig(loadConfig({}))).toBeNull();
    expect(paypalFromConfig(loadConfig({ PAYPAL_CLIENT_ID: '', PAYPAL_CLIENT_SECRET: '' }))).toBeNull();
  });

  it("talks to PayPal's sandbox unless told otherwise", () => {
    const settings = paypalFromConfig(
      loadConfig({ PAYPAL_CLIENT_ID: 'id', PAYPAL_CLIENT_SECRET: 'secret', PAYPAL_WEBHOOK_ID: 'WH-1' }),
    );
    expect(settings?.client.baseUrl).toBe(PAYPAL_SANDBOX);
    expect(settings?.webhookId).toBe('WH-1');
  });

  it('refuses to start with half the credentials or without the webhook id to verify events against', () => {
    expect(() => paypalFromConfig(loadConfig({ PAYPAL_CLIENT_ID: 'id', PAYPAL_WEBHOOK_ID: 'WH-1' }))).toThrow(
      /PAYPAL_CLIENT_SECRET/,
    );
    expect(() => paypalFromConfig(loadConfig({ PAYPAL_CLIENT_ID: 'id', PAYPAL_CLIENT_SECRET: 'secret' }))).toThrow(
      /PAYPAL_WEBHOOK_ID/,
    );
  });
});

describe('the PayPal client', () => {
  it('shows neither the client secret nor a token when logged or serialized', () => {
    const settings = paypalFromConfig(
      loadConfig({ PAYPAL_CLIENT_ID: 'id', PAYPAL_CLIENT_SECRET: 'very-secret', PAYPAL_WEBHOOK_ID: 'WH-1' }),
    )!;
    const shown = `${JSON.stringify(settings)} ${String(settings.client)}`;
    expect(shown).not.toContain('very-secret');
    expect(shown).not.toContain(Buffer.from('id:very-secret').toString('base64'));
  });
});
