import { describe, expect, it } from 'vitest';
import { createCircuitBreaker, type CircuitState } from './circuit-breaker.ts';

function testBreaker() {
  let now = 0;
  const changes: CircuitState[] = [];
  const breaker = createCircuitBreaker({
    failureThreshold: 3,
    cooldownMs: 1_000,
    now: () => now,
    onStateChange: (state) => changes.push(state),
  });
  const fail = (times: number) => {
    for (let call = 0; call < times; call++) breaker.tryAcquire()!.failed();
  };
  return { breaker, changes, fail, advance: (ms: number) => (now += ms) };
}

describe('circuit breaker', () => {
  it('stays closed below the threshold of consecutive failures, a success starting the count again', () => {
    const { breaker, fail } = testBreaker();
    fail(2);
    breaker.tryAcquire()!.succeeded();
    fail(2);
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBeDefined();
  });

  it('opens after the threshold of consecutive failures and refuses calls during the cooldown', () => {
    const { breaker, fail, advance, changes } = testBreaker();
    fail(3);
    expect(changes).toEqual(['open']);
    expect(breaker.tryAcquire()).toBeUndefined();
    advance(400);
    expect(breaker.retryInMs()).toBe(600);
    expect(breaker.tryAcquire()).toBeUndefined();
  });

  it('lets exactly one probe through once the cooldown has passed', () => {
    const { breaker, fail, advance } = testBreaker();
    fail(3);
    advance(1_000);
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire()).toBeDefined();
    expect(breaker.tryAcquire()).toBeUndefined();
  });

  it('closes when the probe succeeds', () => {
    const { breaker, fail, advance, changes } = testBreaker();
    fail(3);
    advance(1_000);
    breaker.tryAcquire()!.succeeded();
    expect(changes).toEqual(['open', 'half-open', 'closed']);
    expect(breaker.tryAcquire()).toBeDefined();
    expect(breaker.tryAcquire()).toBeDefined();
  });

  it('opens again for a whole new cooldown when the probe fails', () => {
    const { breaker, fail, advance, changes } = testBreaker();
    fail(3);
    advance(1_000);
    breaker.tryAcquire()!.failed();
    expect(changes).toEqual(['open', 'half-open', 'open']);
    expect(breaker.retryInMs()).toBe(1_000);
    advance(999);
    expect(breaker.tryAcquire()).toBeUndefined();
  });

  it('ignores the outcome of calls let through before the circuit changed state', () => {
    const { breaker, fail, advance } = testBreaker();
    const slowCalls = [breaker.tryAcquire()!, breaker.tryAcquire()!];
    fail(3);
    advance(1_000);
    const probe = breaker.tryAcquire()!;
    slowCalls[0]!.succeeded();
    expect(breaker.state).toBe('half-open');
    probe.succeeded();
    slowCalls[1]!.failed();
    fail(2);
    expect(breaker.state).toBe('closed');
  });

  it('counts each call once, however often its outcome is reported', () => {
    const { breaker } = testBreaker();
    const call = breaker.tryAcquire()!;
    call.failed();
    call.failed();
    call.failed();
    expect(breaker.state).toBe('closed');
  });
});
