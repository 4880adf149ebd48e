import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const server = 'http://127.0.0.1:8080';

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  resolve: {
    // The shared enums live in ../src/shared and are imported with NodeNext-style `.js`
    // suffixes; Vite maps those to the `.ts` sources when the importer is TypeScript.
    extensions: ['.ts', '.tsx', '.mjs', '.js', '.jsx', '.json'],
  },
  server: {
    // The shared files sit outside web/, so the dev server must be allowed to read them.
    fs: { allow: [repoRoot] },
    proxy: {
      '/api': server,
      '/healthz': server,
      '/readyz': server,
    },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // .vite/manifest.json: which chunks each route loads (the benchmark sizes the login and inspector screens from it).
    manifest: true,
    // antd's vendor chunk is legitimately large; the login-route budget is checked separately.
    chunkSizeWarningLimit: 1500,
    // Two pages: the staff app and the citizens' pages (/report, /track, /public-map), whose
    // small entry shares no chunk with the staff app (no Ant Design, no echarts).
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL('./index.html', import.meta.url)),
        public: fileURLToPath(new URL('./public.html', import.meta.url)),
      },
    },
  },
  // The proof-of-work worker (src/public/pow.worker.ts) is an ES module like the pages.
  worker: { format: 'es' },
});
