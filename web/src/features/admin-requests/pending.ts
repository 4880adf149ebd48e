import type { AdminRequest } from '../../api/adminRequests.js';

/**
 * True when a user-management write answered 202 with an admin request (三员分立): the
 * change waits for another administrator. A User reply has neither `kind` nor `requestedBy`.
 */
export function isPendingRequest(body: unknown): body is AdminRequest {
  return typeof body === 'object' && body !== null && 'kind' in body && 'requestedBy' in body;
}
