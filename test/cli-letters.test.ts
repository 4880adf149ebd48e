import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/dudao.js');

/** Runs the CLI; never throws, returns code and output. */
async function dudao(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    const r = await run(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, DUDAO_LOG_LEVEL: 'silent', ...env } });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

/** Newest modification time under a folder. */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

describe('dudao letters sample', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dudao-letters-'));
    // `npm test` builds dist/ first (pretest); when this file is run on its own, the
    // compiled CLI may predate the letter sources, so rebuild the server then.
    const built = join(ROOT, 'dist/cli/letters.command.js');
    const sources = Math.max(...['src/cli', 'src/documents/letters', 'src/domain/letters'].map((d) => newest(join(ROOT, d))));
    if (!existsSync(built) || statSync(built).mtimeMs < sources) {
      try {
        execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
      } catch (e) {
        // tsc still emits on type errors elsewhere in a work in progress; only a missing output is fatal.
        if (!existsSync(built)) throw e;
      }
    }
  }, 120_000);

  it('writes a DOCX', async () => {
    const out = join(dir, 'letter.docx');
    const r = await dudao(dir, ['letters', 'sample', '--type', '督办函', '--out', out]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/督办函 周创指督〔\d{4}〕7号 written to/);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
  });

  it('writes a PDF with embedded fonts for a given issue day', async () => {
    const out = join(dir, 'letter.pdf');
    const r = await dudao(dir, ['letters', 'sample', '--type', 'reminder', '--out', out, '--day', '2026-03-05']);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('提醒函 周创指提〔2026〕12号');
    const pdf = readFileSync(out);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/FontFile[23]? /);
  });

  it('writes a PDF with the fonts Dudao ships when the machine has no CJK font', { timeout: 60_000 }, async () => {
    const out = join(dir, 'no-system-fonts.pdf');
    const empty = mkdtempSync(join(tmpdir(), 'dudao-no-fonts-'));
    const r = await dudao(dir, ['letters', 'sample', '--type', '督办函', '--out', out, '--day', '2026-03-05'], {
      DUDAO_SYSTEM_FONT_DIRS: empty,
      DUDAO_CJK_FONT_DIR: '',
    });
    expect(r.code, r.out).toBe(0);
    const pdf = readFileSync(out);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/FontFile3 \d+ 0 R/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+FandolFang-Regular/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSerifCJKsc-Bold/);
  });

  it('rejects unknown types, extensions and days with exit code 2', async () => {
    const results = await Promise.all([
      dudao(dir, ['letters', 'sample', '--type', '通知', '--out', join(dir, 'x.docx')]),
      dudao(dir, ['letters', 'sample', '--type', '督办函', '--out', join(dir, 'x.txt')]),
      dudao(dir, ['letters', 'sample', '--type', '督办函', '--out', join(dir, 'x.pdf'), '--day', '2026-02-30']),
    ]);
    expect(results.map((r) => r.code)).toEqual([2, 2, 2]);
    expect(results[0].out).toMatch(/--type: unknown letter type "通知"; use 提醒函, 督办函 or 问责函/);
    expect(results[1].out).toMatch(/--out: .*x\.txt" must end in \.docx or \.pdf/);
    expect(results[2].out).toMatch(/--day: "2026-02-30" is not a YYYY-MM-DD date/);
    expect(existsSync(join(dir, 'x.txt'))).toBe(false);
  });

  it('prints help', async () => {
    const r = await dudao(dir, ['letters', 'sample', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Usage: dudao letters sample/);
  });
});
