import type { Actor } from '../domain/policies/permissions.js';

/** Who is asking and from where; passed to every service call that writes. */
export interface RequestContext {
  actor: Actor | null;
  requestId: string | null;
  clientIp: string | null;
}

/** Context for work the system does on its own (CLI, demo loading, sweeps). */
export function systemContext(requestId = 'system'): RequestContext {
  return { actor: null, requestId, clientIp: null };
}
