import Stripe from 'stripe';
import { ProviderRefusal, ProviderUnavailable } from '../payment-provider.ts';

/**
 * What a failed Stripe call means to the caller: a refusal for good (a declined card, a request
 * Stripe will not carry out), or Stripe out of reach for now (down, overloaded, rate limited, or our
 * key not accepted). Anything else is not Stripe's answer and is passed on as it is.
 *
 * A card error's message is written by Stripe for the cardholder and is passed on; other refusals
 * describe our request (ids, parameters) and are summed up by their code.
 */
export function providerErrorOf(error: unknown): unknown {
  if (error instanceof Stripe.errors.StripeCardError) {
    return new ProviderRefusal(error.message, error.code ?? error.type);
  }
  if (
    error instanceof Stripe.errors.StripeInvalidRequestError ||
    error instanceof Stripe.errors.StripeIdempotencyError
  ) {
    const code = error.code ?? error.type;
    return new ProviderRefusal(`Stripe refused the request (${code})`, code);
  }
  if (error instanceof Stripe.errors.StripeError) return new ProviderUnavailable(error.type);
  return error;
}

/** Runs a Stripe call, throwing its failure as a ProviderRefusal or ProviderUnavailable. */
export async function callStripe<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw providerErrorOf(error);
  }
}
