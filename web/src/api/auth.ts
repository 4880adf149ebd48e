/**
 * Typed client of login, the session and API tokens (/api/auth…, /api/users/me/password).
 * The types are the server's contracts (src/shared/contracts/auth.contract.ts).
 */
import type {
  ApiToken,
  LoginBody,
  LogoutAllReply,
  Me,
  TokenCreate,
  TokenCreated,
  TokenOptions,
} from '../../../src/shared/contracts/auth.contract.js';
import type { PasswordChange } from '../../../src/shared/contracts/users.contract.js';
import { api } from './client.js';

export type { ApiToken, Me, TokenOptions };

export const authApi = {
  /** Who we are (after a reload the cookie is all we have); quiet: a 401 just means "not signed in". */
  me: () => api<Me>('/api/auth/me', { quiet: true, noAuthRedirect: true }),
  /** 401 (wrong name or password) and 429 (throttled) are shown by the login form itself. */
  login: (body: LoginBody) => api<Me>('/api/auth/login', { method: 'POST', json: body, quiet: [401, 429], noAuthRedirect: true }),
  logout: () => api<undefined>('/api/auth/logout', { method: 'POST', noAuthRedirect: true, quiet: [401] }),
  /** Ends every session and revokes every API token of this user. */
  logoutAll: () => api<LogoutAllReply>('/api/auth/logout-all', { method: 'POST', noAuthRedirect: true, quiet: [401] }),
  changeOwnPassword: (body: PasswordChange) => api<undefined>('/api/users/me/password', { method: 'POST', json: body }),
  tokens: () => api<ApiToken[]>('/api/auth/tokens'),
  tokenOptions: () => api<TokenOptions>('/api/auth/tokens/options'),
  /** The secret comes back once, in `token`. */
  createToken: (body: TokenCreate) => api<TokenCreated>('/api/auth/tokens', { method: 'POST', json: body }),
  revokeToken: (id: number) => api<undefined>(`/api/auth/tokens/${id}`, { method: 'DELETE' }),
};
