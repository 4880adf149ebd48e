/** What every public write shares: the proof of work and the error line shown for a refusal. */
import { ApiError, publicApi } from '../api/public.js';
import type { T } from './i18n.js';
import { solvePow } from './pow.js';

/** The server's message, with the wait of a 429 and a plain line for a network failure. */
export function errorText(e: unknown, t: T): string {
  if (e instanceof ApiError) {
    if (e.status === 0) return t('networkError');
    const wait = e.details?.retryAfter;
    if (typeof wait !== 'number') return e.message;
    const s = wait < 120 ? t('seconds', { n: wait }) : t('minutes', { n: Math.ceil(wait / 60) });
    return `${e.message}（${t('waitSeconds', { s })}）`;
  }
  return e instanceof Error ? e.message : String(e);
}

/** Fetches a challenge and solves it: the two proof-of-work fields of a public write. */
export async function proofOfWork(onProgress: (f: number) => void): Promise<{ challenge: string; nonce: string }> {
  const c = await publicApi.challenge();
  return { challenge: c.challenge, nonce: await solvePow(c, onProgress) };
}
