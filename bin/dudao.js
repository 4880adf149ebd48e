#!/usr/bin/env node
// Thin launcher: the CLI is compiled TypeScript in dist/.
import { existsSync } from 'node:fs';
const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('dudao: not built yet. Run `npm run build` (npm start and npm test do it for you).');
  process.exit(1);
}
const { main } = await import(entry.href);
await main();
