// Builds the web UI into ui/dist, which the query API serves. `npm run dev:ui` serves it with hot
// reload and forwards /api to a running Vigil (VIGIL_API_URL, default http://127.0.0.1:3000).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [svelte()],
  build: {
    outDir: fileURLToPath(new URL('../dist', import.meta.url)),
    emptyOutDir: true,
    // The server's CSP allows no inline script or style: keep every asset a separate file.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: { '/api': { target: process.env.VIGIL_API_URL ?? 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
