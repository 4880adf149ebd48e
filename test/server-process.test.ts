import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from './helpers/server-process.js';

async function login(url: string, username: string, password: string) {
  return fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
}

describe('the real server process', () => {
  // Two starts, the first loading the demo city (cases included): generous on a busy machine.
  it('starts with a new data dir, is ready, logs in, and keeps its data across a restart', { timeout: 180_000 }, async () => {
    const first = await startServer();
    let dataDir = first.dataDir;
    try {
      expect(first.output()).toContain('Dudao-Demo-2026');
      // The banner names the major projects' accounts too, and they log in.
      expect(first.output()).toMatch(/major projects' people .*xhoffice.*gengde/);
      expect((await login(first.url, 'xhoffice', 'Dudao-Demo-2026')).status).toBe(200);
      expect(existsSync(join(dataDir, 'dudao.sqlite'))).toBe(true);
      expect(existsSync(join(dataDir, 'session-secret'))).toBe(true);
      const ready = await fetch(`${first.url}/readyz`);
      expect(ready.status).toBe(200);
      const res = await login(first.url, 'sysadmin', 'Dudao-Demo-2026');
      expect(res.status).toBe(200);
      const me = (await res.json()) as { csrfToken: string };
      const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
      const created = await fetch(`${first.url}/api/units`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ code: 'KEEP-ME', name: '重启保留测试单位', kind: 'department', parentId: 1 }),
      });
      expect(created.status).toBe(201);
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const second = await startServer({ dataDir });
    dataDir = second.dataDir;
    try {
      const res = await login(second.url, 'sysadmin', 'Dudao-Demo-2026');
      const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
      const units = (await (await fetch(`${second.url}/api/units`, { headers: { cookie } })).json()) as { items: { code: string }[] };
      expect(units.items.some((u) => u.code === 'KEEP-ME')).toBe(true);
      // The demo city is loaded once, not again on the second start.
      expect(units.items.filter((u) => u.code === '411600')).toHaveLength(1);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });

  it('refuses to start with a clear message when the configuration is invalid', { timeout: 60_000 }, async () => {
    await expect(startServer({ env: { DUDAO_PORT: 'eighty' } })).rejects.toThrow(/DUDAO_PORT/);
  });
});
