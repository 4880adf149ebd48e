import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_PHOTO_LIMIT_BYTES, loadConfig, serveProblems } from '../../src/config/config.js';
import { DEMO_CITY_BBOX } from '../../src/demo/demo-city.js';
import { DEMO_LADDER } from '../../src/demo/demo-ladder.js';
import { citySettings } from '../../src/demo/demo-wiring.js';
import { startServer } from '../../src/server.js';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'dudao-city-config-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env, cwd);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('the city area and the photo limit in config', () => {
  it("has no city's area by default, and a 15 MiB photo limit defined once", () => {
    const c = loadConfig({}, cwd);
    expect(c.cityBbox).toBeNull();
    expect(c.photoLimitBytes).toBe(DEFAULT_PHOTO_LIMIT_BYTES);
    expect(DEFAULT_PHOTO_LIMIT_BYTES).toBe(15 * 1024 * 1024);
  });

  it('reads the area and the limit from the environment, and names the key of a bad value', () => {
    const c = loadConfig({ DUDAO_CITY_BBOX: '100, 20, 101.5, 21', DUDAO_PHOTO_LIMIT_BYTES: '20000' }, cwd);
    expect(c.cityBbox).toEqual([100, 20, 101.5, 21]);
    expect(c.photoLimitBytes).toBe(20_000);
    expect(problemsOf({ DUDAO_CITY_BBOX: '101,20,100,21' })).toEqual([expect.stringMatching(/^DUDAO_CITY_BBOX \(cityBbox\): must be/)]);
    expect(problemsOf({ DUDAO_PHOTO_LIMIT_BYTES: 'big' })).toEqual([expect.stringMatching(/^DUDAO_PHOTO_LIMIT_BYTES \(photoLimitBytes\)/)]);
  });

  it('production serves only with the city area configured; the error names the key', async () => {
    expect(serveProblems({ mode: 'production', cityBbox: null })).toEqual([
      expect.stringMatching(/^DUDAO_CITY_BBOX \(cityBbox\): required in production mode/),
    ]);
    expect(serveProblems({ mode: 'production', cityBbox: [100, 20, 101, 21] })).toEqual([]);
    expect(serveProblems({ mode: 'demo', cityBbox: null })).toEqual([]);
    // `dudao serve` stops before opening anything.
    const config = loadConfig({ DUDAO_MODE: 'production', DUDAO_DATA_DIR: cwd }, cwd);
    const err = await startServer(config).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toContain('DUDAO_CITY_BBOX (cityBbox): required in production mode');
  });

  it("demo mode, and only demo mode, runs with the demo city's area and ladder where config names none", () => {
    expect(citySettings({ mode: 'demo', cityBbox: null })).toEqual({ cityBbox: DEMO_CITY_BBOX, ladder: DEMO_LADDER });
    expect(citySettings({ mode: 'demo', cityBbox: [100, 20, 101, 21] })).toEqual({ cityBbox: [100, 20, 101, 21], ladder: DEMO_LADDER });
    expect(citySettings({ mode: 'production', cityBbox: null })).toEqual({ cityBbox: null });
    expect(citySettings({ mode: 'production', cityBbox: [100, 20, 101, 21] })).toEqual({ cityBbox: [100, 20, 101, 21] });
  });
});
