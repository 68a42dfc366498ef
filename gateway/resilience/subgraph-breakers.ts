import type { Logger } from 'pino';
import { Gauge } from 'prom-client';
import type { Config } from '../../common/config.ts';
import type { ServiceMetrics } from '../../common/http/metrics.ts';
import { createCircuitBreaker, type CircuitBreaker } from './circuit-breaker.ts';

/**
 * One circuit breaker per subgraph, kept by name so that a reloaded supergraph keeps each
 * subgraph's state. Its changes are logged and shown as `gateway_subgraph_circuit_open`.
 */
export function createSubgraphBreakers(config: Config, metrics: ServiceMetrics, logger: Logger) {
  const open = new Gauge({
    name: 'gateway_subgraph_circuit_open',
    help: "1 while a subgraph's circuit breaker refuses calls (open or probing), 0 while closed",
    labelNames: ['subgraph'],
    registers: [metrics.registry],
  });
  const breakers = new Map<string, CircuitBreaker>();
  return {
    of(subgraph: string): CircuitBreaker {
      let breaker = breakers.get(subgraph);
      if (!breaker) {
        breaker = createCircuitBreaker({
          failureThreshold: config.SUBGRAPH_BREAKER_FAILURES,
          cooldownMs: config.SUBGRAPH_BREAKER_COOLDOWN_MS,
          onStateChange: (state) => {
            open.set({ subgraph }, state === 'closed' ? 0 : 1);
            if (state === 'open')
              logger.warn({ subgraph }, 'subgraph circuit opened: calls refused until a probe succeeds');
            else logger.info({ subgraph, state }, 'subgraph circuit changed');
          },
        });
        open.set({ subgraph }, 0);
        breakers.set(subgraph, breaker);
      }
      return breaker;
    },
  };
}
