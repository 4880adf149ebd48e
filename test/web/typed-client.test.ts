/**
 * The web app talks to the API through one typed client (web/src/api/): no page or
 * component spells an '/api/…' path itself, so every call carries the shared wire types.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const WEB = join(ROOT, 'web/src');

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (/\.(ts|tsx)$/.test(name)) yield p;
  }
}

describe('typed client', () => {
  const offenders = [...files(WEB)]
    .map((f) => relative(ROOT, f))
    .filter((f) => !f.startsWith('web/src/api/'))
    .filter((f) => /['"`]\/api\//.test(readFileSync(join(ROOT, f), 'utf8')));

  it('no API path outside web/src/api', () => {
    expect(offenders).toEqual([]);
  });
});
