import { describe, expect, it } from 'vitest';
import { maskError } from './errors.ts';

describe('maskError', () => {
  it('replaces an internal fault with a generic message that carries the request id', () => {
    const masked = maskError(
      {
        message: 'relation "orders.secret" does not exist',
        extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] },
      },
      'req-123',
      false,
    );
    expect(masked).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-123' },
    });
  });

  it("keeps a client error's message and code but not a subgraph's raw response", () => {
    const masked = maskError(
      {
        message: 'Not allowed',
        path: ['stores'],
        extensions: { code: 'FORBIDDEN', response: { body: 'token' }, serviceName: 'orders' },
      },
      'req-1',
      false,
    );
    expect(masked).toEqual({ message: 'Not allowed', path: ['stores'], extensions: { code: 'FORBIDDEN' } });
  });

  it('treats an error without a code as internal', () => {
    expect(maskError({ message: 'boom' }, undefined, false).message).toBe('Internal server error');
  });

  it('drops suggested names from a client error unless internals are exposed', () => {
    const formatted = {
      message: 'Cannot query field "stors" on type "Query". Did you mean "store" or "stores"?',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    };
    expect(maskError(formatted, 'req-1', false).message).toBe('Cannot query field "stors" on type "Query".');
    expect(maskError(formatted, 'req-1', true).message).toContain('Did you mean "store"');
  });
});
