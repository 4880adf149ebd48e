/**
 * The citizens' pages stay a small entry of their own (issue 15 point 1, Speed): they
 * import none of the staff app (Ant Design, echarts, its shell, its i18n) and no TypeBox at
 * run time. Checked twice: on the sources (every run) and on the built chunks the /report
 * page loads, read from Vite's manifest (when web/dist is built), with their gzip size.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PUBLIC_ENTRY, readManifest, staticClosure, type ManifestChunk } from '../../bench/bundle.js';

const ROOT = join(import.meta.dirname, '../..');
const DIST = join(ROOT, 'web/dist');
const ENTRY = join(ROOT, 'web/src/public/main.tsx');

/** Packages the public entry may use at run time. */
const ALLOWED_PACKAGES = new Set(['react', 'react-dom/client']);
/** Project files outside web/src/public it may import at run time. */
const ALLOWED_FILES = new Set(['web/src/api/public.ts', 'web/src/api/client.ts', 'src/shared/public-enums.ts']);

/** Run-time imports of a source file (`import type` and `import { type X }`-only lines left out). */
function runtimeImports(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/^import\s+(type\s+)?([^'"]*?)\s*(?:from\s+)?['"]([^'"]+)['"]/gms)) {
    if (m[1]) continue;
    const names = m[2] ?? '';
    const onlyTypes =
      /^\{[^}]*\}$/.test(names.trim()) &&
      names
        .replace(/[{}\s]/g, '')
        .split(',')
        .every((n) => n === '' || n.startsWith('type'));
    if (onlyTypes && names.trim() !== '') continue;
    out.push(m[3]!);
  }
  for (const m of source.matchAll(/new URL\(['"]([^'"]+)['"],\s*import\.meta\.url\)/g)) out.push(m[1]!);
  return out;
}

function resolveSource(from: string, spec: string): string {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx')]) if (existsSync(candidate)) return candidate;
  throw new Error(`${relative(ROOT, from)}: cannot resolve ${spec}`);
}

/** Every project file and package the entry reaches at run time. */
function walk(): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of runtimeImports(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) {
        if (!spec.endsWith('.css')) visit(resolveSource(file, spec));
      } else packages.add(spec);
    }
  };
  visit(ENTRY);
  return { files: [...files].map((f) => relative(ROOT, f)), packages: [...packages] };
}

describe('the public entry', () => {
  it('imports only React, its own files and the public client at run time', () => {
    const { files, packages } = walk();
    expect(packages.filter((p) => !ALLOWED_PACKAGES.has(p))).toEqual([]);
    expect(files.filter((f) => !f.startsWith('web/src/public/') && !ALLOWED_FILES.has(f))).toEqual([]);
    expect(files).toContain('web/src/public/ReportPage.tsx');
  });

  it.skipIf(!existsSync(join(DIST, '.vite/manifest.json')))('builds into chunks without antd, echarts or TypeBox, ≤ 120 KB gzip', () => {
    const manifest = readManifest(DIST);
    // Everything the public pages could ever load: static and dynamic imports alike.
    const reach = new Set<string>();
    const visit = (k: string): void => {
      if (reach.has(k)) return;
      reach.add(k);
      const c: ManifestChunk & { dynamicImports?: string[] } = manifest[k]!;
      for (const i of [...(c.imports ?? []), ...(c.dynamicImports ?? [])]) visit(i);
    };
    visit(PUBLIC_ENTRY);
    const files = [...reach].map((k) => manifest[k]!.file).filter((f) => f.endsWith('.js'));
    for (const f of files) {
      const code = readFileSync(join(DIST, f), 'utf8');
      expect(code, `${f} has Ant Design's CSS-in-JS`).not.toMatch(/ant-cssinjs/);
      expect(code, `${f} has echarts`).not.toMatch(/echarts/i);
      expect(code, `${f} has TypeBox`).not.toMatch(/TypeBox\.Kind/);
    }
    const loaded = staticClosure(manifest, [PUBLIC_ENTRY]).map((k) => manifest[k]!.file);
    const kb = loaded.filter((f) => f.endsWith('.js')).reduce((s, f) => s + gzipSync(readFileSync(join(DIST, f))).length, 0) / 1024;
    expect(kb).toBeLessThanOrEqual(120);
  });
});
