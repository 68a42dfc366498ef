/** A problem with the caller's input, returned in a mutation payload's `errors`. */
export interface UserError {
  field: string[] | null;
  message: string;
  code: string;
}

export const userError = (code: string, message: string, field?: string[]): UserError => ({
  code,
  message,
  field: field ?? null,
});

/**
 * Thrown inside a transaction to refuse the request with UserErrors: the transaction rolls back,
 * so nothing the request wrote so far (an idempotency claim, half an order) survives.
 */
export class UserErrorRejection extends Error {
  constructor(readonly errors: UserError[]) {
    super(errors.map((error) => error.message).join('; '));
  }
}

/** Runs work that may refuse with UserErrorRejection; answers a payload with only those errors then. */
export async function refusable<P extends { errors: UserError[] }>(
  work: () => Promise<P>,
): Promise<P | { errors: UserError[] }> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UserErrorRejection) return { errors: error.errors };
    throw error;
  }
}
