import type { Permission } from './enums.js';

/**
 * Permissions that are never put on an API token: `public` and `authenticated` are
 * implied, and `token.manage` would let a leaked token mint successors that outlive it
 * (tokens are created from a logged-in session only); `admin.requests` because the second
 * administrator's approval (三员分立) must come from a person in a session, not a script. Shared with the web app, which
 * offers the owner's other permissions as scopes.
 */
export const NON_SCOPABLE_PERMISSIONS: readonly Permission[] = ['public', 'authenticated', 'token.manage', 'admin.requests'];
