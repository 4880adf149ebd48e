import { existsSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `npx dudao …` on a fresh clone builds first (bin/dudao.js calls the same builder as
 * `npm start`), instead of stopping with "not built yet". Exercised on a one-file project
 * inside the checkout (so `npx tsc` resolves the checkout's TypeScript), not on the real
 * sources, to stay fast.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const fake = join(ROOT, '.tmp', `build-on-demand-${process.pid}`);

type Build = (root: string, log: (line: string) => void) => void;

describe('build on demand', () => {
  afterAll(() => rmSync(fake, { recursive: true, force: true }));

  it('builds a tree with no output, then only when a source is newer than it', { timeout: 120_000 }, async () => {
    mkdirSync(join(fake, 'src/cli'), { recursive: true });
    writeFileSync(join(fake, 'src/cli/main.ts'), 'export const built = 1;\n');
    writeFileSync(
      join(fake, 'tsconfig.build.json'),
      JSON.stringify({
        compilerOptions: { outDir: 'dist', rootDir: 'src', module: 'nodenext', target: 'es2022', types: [] },
        include: ['src'],
      }),
    );
    const { buildIfNeeded } = (await import(pathToFileURL(join(ROOT, 'scripts/build-if-needed.mjs')).href)) as { buildIfNeeded: Build };
    const lines: string[] = [];
    buildIfNeeded(fake, (l) => lines.push(l));
    expect(lines).toEqual(['building server (tsc)…']);
    expect(existsSync(join(fake, 'dist/cli/main.js'))).toBe(true);
    expect(existsSync(join(fake, '.build-lock'))).toBe(false);

    buildIfNeeded(fake, (l) => lines.push(l));
    expect(lines).toHaveLength(1); // up to date: nothing run

    const later = new Date(Date.now() + 60_000);
    utimesSync(join(fake, 'src/cli/main.ts'), later, later);
    // A lock left by a build that was killed (its process is gone) does not hold the next one up.
    mkdirSync(join(fake, '.build-lock'));
    writeFileSync(join(fake, '.build-lock/pid'), '4194303');
    buildIfNeeded(fake, (l) => lines.push(l));
    expect(lines).toEqual(['building server (tsc)…', 'building server (tsc)…']);
    expect(existsSync(join(fake, '.build-lock'))).toBe(false);
  });
});
