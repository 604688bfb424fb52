/**
 * Builds the Chromium benchmark page (bench/chromium/index.html → dist-bench/), with the
 * app's build settings and the app's CSP on `vite preview`, so the page runs DuckDB under
 * the same conditions as the renderer. Not part of the app build (vite.config.ts).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { CONTENT_SECURITY_POLICY } from '../../electron/config.ts';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  build: {
    outDir: fileURLToPath(new URL('../../dist-bench', import.meta.url)),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 8192,
    target: 'es2022',
  },
  worker: { format: 'es' },
  preview: {
    host: '127.0.0.1',
    headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY },
  },
});
