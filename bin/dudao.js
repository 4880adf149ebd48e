#!/usr/bin/env node
// Thin launcher: the CLI is compiled TypeScript in dist/. On a fresh clone (or after
// the sources changed) it builds first, as `npm start` does, so every documented
// command works without a separate `npm run build`.
import { existsSync } from 'node:fs';
const entry = new URL('../dist/cli/main.js', import.meta.url);
const builder = new URL('../scripts/build-if-needed.mjs', import.meta.url);
if (existsSync(builder) && existsSync(new URL('../src', import.meta.url))) {
  const { buildIfNeeded } = await import(builder.href);
  try {
    buildIfNeeded(undefined, (line) => console.error(`dudao: ${line}`));
  } catch (e) {
    // A deployment without the build tools (npm ci --omit=dev) still runs the build it has.
    if (!existsSync(entry)) {
      console.error(`dudao: the build failed (${e.message}). Run \`npm install\`, then \`npm run build\` to see why.`);
      process.exit(1);
    }
    console.error(`dudao: the sources are newer than dist/ but the build failed (${e.message.split('\n')[0]}); running the existing build`);
  }
}
if (!existsSync(entry)) {
  console.error('dudao: not built yet. Run `npm run build` (npm start and npm test do it for you).');
  process.exit(1);
}
const { main } = await import(entry.href);
await main();
