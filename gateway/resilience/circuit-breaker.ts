export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failed calls that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit refuses calls before it lets one probe through. */
  cooldownMs: number;
  now?: () => number;
  onStateChange?: (state: CircuitState) => void;
}

/** A call the breaker let through; its outcome is reported once. */
export interface CallPermit {
  succeeded(): void;
  failed(): void;
}

export interface CircuitBreaker {
  readonly state: CircuitState;
  /** A permit for a call now, or undefined while the circuit refuses calls. */
  tryAcquire(): CallPermit | undefined;
  /** Milliseconds until an open circuit lets a probe through (0 when it is not open). */
  retryInMs(): number;
}

/**
 * closed --N consecutive failures--> open --cooldown--> half-open: one probe call
 *   probe succeeds --> closed          probe fails --> open (a new cooldown)
 * Outcomes of calls let through before the last change of state are ignored: a slow call started
 * while closed says nothing about the probe's subgraph now.
 */
export function createCircuitBreaker({
  failureThreshold,
  cooldownMs,
  now = Date.now,
  onStateChange,
}: CircuitBreakerOptions): CircuitBreaker {
  let state: CircuitState = 'closed';
  let epoch = 0;
  let consecutiveFailures = 0;
  let openedAt = 0;
  let probing = false;

  const moveTo = (next: CircuitState) => {
    state = next;
    epoch += 1;
    consecutiveFailures = 0;
    probing = false;
    if (next === 'open') openedAt = now();
    onStateChange?.(next);
  };

  const currentState = (): CircuitState => {
    if (state === 'open' && now() - openedAt >= cooldownMs) moveTo('half-open');
    return state;
  };

  const permitFor = (issuedIn: number): CallPermit => {
    let reported = false;
    const report = (outcome: 'success' | 'failure') => {
      if (reported || issuedIn !== epoch) return;
      reported = true;
      if (state === 'half-open') moveTo(outcome === 'success' ? 'closed' : 'open');
      else if (outcome === 'success') consecutiveFailures = 0;
      else if (++consecutiveFailures >= failureThreshold) moveTo('open');
    };
    return { succeeded: () => report('success'), failed: () => report('failure') };
  };

  return {
    get state() {
      return currentState();
    },
    tryAcquire() {
      switch (currentState()) {
        case 'closed':
          return permitFor(epoch);
        case 'open':
          return undefined;
        case 'half-open':
          if (probing) return undefined;
          probing = true;
          return permitFor(epoch);
      }
    },
    retryInMs() {
      return currentState() === 'open' ? Math.max(0, openedAt + cooldownMs - now()) : 0;
    },
  };
}
