import { ConfigError, type Config } from '../../../common/config.ts';
import { ProviderRefusal, ProviderUnavailable } from '../payment-provider.ts';

export const PAYPAL_SANDBOX = 'https://api-m.sandbox.paypal.com';
const TIMEOUT_MS = 20_000;
/** A token is renewed this long before PayPal says it expires, so none expires on the way. */
const EXPIRY_MARGIN_MS = 60_000;

/** A HATEOAS link, as PayPal puts them in its answers and errors. */
export interface PayPalLink {
  href: string;
  rel: string;
  method?: string;
}

/** PayPal's error body: `name` (UNPROCESSABLE_ENTITY, ...) and, per problem, an `issue`. */
interface PayPalErrorBody {
  name?: string;
  message?: string;
  details?: { field?: string; issue?: string; description?: string; link?: PayPalLink[] }[];
  links?: PayPalLink[];
}

/**
 * PayPal refused the request for good. The code is the first detail's `issue` (INSTRUMENT_DECLINED,
 * ORDER_ALREADY_CAPTURED, REFUND_AMOUNT_EXCEEDED) or else the error's `name`; PayPal's messages
 * name our ids and parameters and are not passed on.
 */
export class PayPalRefusal extends ProviderRefusal {
  constructor(
    readonly status: number,
    readonly body: PayPalErrorBody,
  ) {
    const issue = body.details?.[0]?.issue;
    // Some issues are sentences ("Batch with given sender_batch_id already exists"): the name says it then.
    const code = (issue && /^[A-Z_]+$/.test(issue) ? issue : body.name) ?? `HTTP_${status}`;
    super(`PayPal refused the request (${code})`, code);
  }

  /** Every link PayPal gave with the error, such as the original of a duplicate payout. */
  get links(): PayPalLink[] {
    return [...(this.body.links ?? []), ...(this.body.details ?? []).flatMap((detail) => detail.link ?? [])];
  }
}

export interface PayPalRequestOptions {
  /** PayPal-Request-Id: the same id gives the same answer, and the work is done once. */
  requestId?: string;
}

/**
 * PayPal's REST API over fetch: an OAuth2 client-credentials token, cached until shortly before it
 * expires and fetched again once when PayPal answers 401. Failures are sorted into a refusal
 * (`PayPalRefusal`, 4xx) or PayPal out of reach (`ProviderUnavailable`: network, 5xx, 429, or our
 * credentials not accepted). The secret and tokens never leave this object.
 */
export class PayPalClient {
  #token: Promise<{ value: string; expiresAt: number }> | null = null;
  // Private fields: a log line or JSON of the client never shows them.
  readonly #basicAuth: string;

  constructor(
    readonly baseUrl: string,
    clientId: string,
    clientSecret: string,
  ) {
    this.#basicAuth = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
  }

  async request<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    options: PayPalRequestOptions = {},
  ): Promise<T> {
    let response = await this.#send(method, path, body, options, await this.#accessToken());
    if (response.status === 401) {
      this.#token = null;
      response = await this.#send(method, path, body, options, await this.#accessToken());
    }
    if (response.ok) return (await response.json()) as T;
    if (response.status === 401) throw new ProviderUnavailable('PayPal does not accept our credentials');
    if (response.status === 429 || response.status >= 500) {
      throw new ProviderUnavailable(`PayPal answered ${response.status}`);
    }
    throw new PayPalRefusal(response.status, (await response.json().catch(() => ({}))) as PayPalErrorBody);
  }

  async #send(method: string, path: string, body: unknown, options: PayPalRequestOptions, token: string) {
    return this.#fetch(path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        prefer: 'return=representation',
        ...(options.requestId ? { 'paypal-request-id': options.requestId } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  async #fetch(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(new URL(path, this.baseUrl), { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch {
      throw new ProviderUnavailable('PayPal did not answer');
    }
  }

  async #accessToken(): Promise<string> {
    const cached = this.#token && (await this.#token.catch(() => null));
    if (cached && cached.expiresAt > Date.now()) return cached.value;
    this.#token = this.#fetchToken();
    this.#token.catch(() => (this.#token = null));
    return (await this.#token).value;
  }

  async #fetchToken(): Promise<{ value: string; expiresAt: number }> {
    const response = await this.#fetch('/v1/oauth2/token', {
      method: 'POST',
      headers: {
        authorization: this.#basicAuth,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    if (!response.ok) {
      throw new ProviderUnavailable(
        response.status === 401 ? 'PayPal does not accept our credentials' : `PayPal answered ${response.status}`,
      );
    }
    const token = (await response.json()) as { access_token: string; expires_in: number };
    return { value: token.access_token, expiresAt: Date.now() + token.expires_in * 1000 - EXPIRY_MARGIN_MS };
  }
}

/** What the payments service needs to talk to PayPal and to check what PayPal sends it. */
export interface PayPalSettings {
  client: PayPalClient;
  webhookId: string;
}

/**
 * The PayPal client from configuration, or null without a client id and secret (PayPal is then not
 * offered). `PAYPAL_API_BASE` is the sandbox unless set: the live API, or a local stand-in.
 */
export function paypalFromConfig(config: Config): PayPalSettings | null {
  if (!config.PAYPAL_CLIENT_ID && !config.PAYPAL_CLIENT_SECRET) return null;
  const missing = [
    ...(config.PAYPAL_CLIENT_ID ? [] : ['PAYPAL_CLIENT_ID: required with PAYPAL_CLIENT_SECRET']),
    ...(config.PAYPAL_CLIENT_SECRET ? [] : ['PAYPAL_CLIENT_SECRET: required with PAYPAL_CLIENT_ID']),
    ...(config.PAYPAL_WEBHOOK_ID ? [] : ['PAYPAL_WEBHOOK_ID: required when PayPal is set up (webhooks are verified)']),
  ];
  if (missing.length > 0) throw new ConfigError(missing);
  return {
    client: new PayPalClient(
      config.PAYPAL_API_BASE ?? PAYPAL_SANDBOX,
      config.PAYPAL_CLIENT_ID!,
      config.PAYPAL_CLIENT_SECRET!,
    ),
    webhookId: config.PAYPAL_WEBHOOK_ID!,
  };
}
