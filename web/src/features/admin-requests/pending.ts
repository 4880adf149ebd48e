import type { AdminRequestView } from '../../../../src/shared/admin-requests.js';

/**
 * True when a user-management write answered 202 with an admin request (三员分立): the
 * change waits for another administrator. A User reply has neither `kind` nor `requestedBy`.
 */
export function isPendingRequest(body: unknown): body is AdminRequestView {
  return typeof body === 'object' && body !== null && 'kind' in body && 'requestedBy' in body;
}
