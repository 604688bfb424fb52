import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { CONTENT_SECURITY_POLICY } from './electron/config.ts';

// The preview server sends the production CSP as a response header (the DuckDB worker
// ignores a <meta> policy), so `npm run web` and the e2e tests run under the app's policy.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    // No data: URLs: fonts and wasm must be real files the CSP allows.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 4096,
    target: 'es2022',
  },
  worker: { format: 'es' },
  preview: {
    host: '127.0.0.1',
    headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY },
  },
  server: { host: '127.0.0.1', fs: { allow: ['..'] } },
});
