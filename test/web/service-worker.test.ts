/**
 * The staff service worker and the server agree on which pages are the citizens' (served
 * from web/public.html): the worker must neither cache one of them as the staff shell nor
 * serve the staff shell for one offline. The browser side is in inspect-offline.test.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PUBLIC_PAGE_PATH, publicPage } from '../../src/http/plugins/security-headers.plugin.js';

const SW = readFileSync(new URL('../../web/public/sw.js', import.meta.url), 'utf8');

describe('service worker: the citizens’ pages', () => {
  it('names them with the server’s own pattern', () => {
    const m = /const PUBLIC_PAGE = \/(.+)\/;/.exec(SW);
    expect(m, 'sw.js declares PUBLIC_PAGE').not.toBeNull();
    expect(m![1]).toBe(PUBLIC_PAGE_PATH.source);
  });

  it('leaves their navigations to the network before caching any navigation as the shell', () => {
    const leave = SW.indexOf('if (PUBLIC_PAGE.test(url.pathname)) return;');
    const shell = SW.indexOf("networkFirst(req, '/')");
    expect(leave).toBeGreaterThan(0);
    expect(leave).toBeLessThan(shell);
  });

  it('the pattern is the pages the server serves from public.html', () => {
    for (const p of ['/report', '/track', '/track/2026-000123', '/public-map', '/report/']) expect(publicPage(p), p).toBe(true);
    for (const p of ['/', '/inspect', '/inspect/today', '/reports', '/track/a/b', '/cases/12']) expect(publicPage(p), p).toBe(false);
  });
});
