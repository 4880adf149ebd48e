/** Wire shape of the liveness and readiness probes (GET /healthz, /readyz). */
import { Type, type Static } from '@sinclair/typebox';

export const HealthStatus = Type.Object({ status: Type.String(), detail: Type.Optional(Type.String()) });
export type HealthStatus = Static<typeof HealthStatus>;
