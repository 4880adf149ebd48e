import { defineConfig } from 'vitest/config';
import LongFirstSequencer from './test/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    pool: 'forks',
    // One migrated database of each kind, copied by createTestDatabase instead of migrating each.
    globalSetup: ['test/global-setup.ts'],
    // The suites that run for minutes start first (test/sequencer.ts).
    sequence: { sequencer: LongFirstSequencer },
    // Demo loads on PostgreSQL take 10–20 s on a busy two-core machine.
    testTimeout: 90_000,
    hookTimeout: 120_000,
    // Two cores: more workers only thrash argon2, SQLite fsyncs and Chromium.
    maxWorkers: 2,
    reporters: ['default'],
    // Servers the tests start (browser, CLI, reliability) check every reply against its schema.
    env: { DUDAO_CHECK_REPLIES: '1' },
  },
});
