import type { Identity } from '../common/identity/identity.ts';

export interface GatewayContext {
  requestId: string;
  identity: Identity;
  clientIp: string | null;
}
