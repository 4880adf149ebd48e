/**
 * ERROR_CODES is the one list of the codes the staff API answers with; the web has a text in
 * each language for every one of them (the dictionaries are typed by it). This test keeps the
 * list true: every code literal the server's source can send is in it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/shared/error-codes.js';

const ROOT = join(import.meta.dirname, '../..');
/** The public pages answer in Chinese on the server (public.routes.ts); their own codes are theirs. */
const PUBLIC_ONLY = [/^src\/services\/public\/public-(abuse|intake|report)/, /^src\/http\/routes\/public/, /^src\/domain\/public\/pow/];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Code literals a reply can carry: AppError's second argument, an `error:` of a reply, a domain refusal's `code`. */
function codesIn(text: string): string[] {
  const found = [
    ...text.matchAll(/new AppError\(\s*[^,]+,\s*'([a-z_]+)'/g),
    ...text.matchAll(/\brefuse\(\s*[^,]+,\s*'([a-z_]+)'/g),
    ...text.matchAll(/publicError\(\s*[^,]+,\s*'([a-z_]+)'/g),
    ...text.matchAll(/\berror: '([a-z_]+)'/g),
    ...text.matchAll(/\{[^{}]*\b(?:ok: false|status: \d{3})[^{}]*\bcode: '([a-z_]+)'/g),
    ...text.matchAll(/\bcode: '([a-z_]+)'[^{}]*\bmessage:/g),
  ];
  return found.map((m) => m[1]!);
}

describe('ERROR_CODES', () => {
  it('holds every error code the server’s source sends (so the web has a text for it)', () => {
    const known = new Set<string>(ERROR_CODES);
    const missing: string[] = [];
    for (const file of sources(join(ROOT, 'src'))) {
      const rel = relative(ROOT, file);
      if (PUBLIC_ONLY.some((re) => re.test(rel))) continue;
      for (const code of codesIn(readFileSync(file, 'utf8'))) if (!known.has(code)) missing.push(`${code} (${rel})`);
    }
    expect(missing).toEqual([]);
  });

  it('finds the codes it looks for (the scan is not vacuous)', () => {
    expect(codesIn(`throw new AppError(409, 'stale_version', 'x')`)).toEqual(['stale_version']);
    expect(codesIn(`return refuse(409, 'invalid_transition', 'x')`)).toEqual(['invalid_transition']);
    expect(codesIn(`return { ok: false, code: 'reason_required', message: 'x' }`)).toContain('reason_required');
    expect(codesIn(`reply.send({ statusCode: 409, error: 'concurrent_write' })`)).toEqual(['concurrent_write']);
  });

  it('lists each code once', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });
});
