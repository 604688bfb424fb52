// Pure security configuration for the Electron shell. No Electron import here,
// so it can be unit-tested in plain Node and reused by main.ts and ipc.ts.
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'xingtu';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

// Every source is local. Notes on the non-obvious entries:
// - 'wasm-unsafe-eval' lets DuckDB-wasm compile WebAssembly without allowing JS eval.
// - worker-src blob: because duckdb-wasm may bootstrap its worker from a blob URL
//   (importScripts of our own app:// script); blob URLs can only be minted by our own code.
// - img-src data:/blob: for ECharts/PNG chart exports.
// - style-src 'unsafe-inline' because ECharts and AG Grid set inline styles.
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'worker-src': ["'self'", 'blob:'],
  'connect-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'style-src': ["'self'", "'unsafe-inline'"],
  'font-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([name, sources]) => `${name} ${sources.join(' ')}`)
  .join('; ');

// Privileges for protocol.registerSchemesAsPrivileged: 'standard' gives app://xingtu
// a real origin (so 'self', localStorage and relative URLs work), 'secure' makes it a
// secure context (needed for crypto.subtle, workers), fetch/stream for wasm + Arrow files.
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  stream: true,
} as const;

export interface SecureWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  spellcheck: false;
  navigateOnDragDrop: false;
  disableBlinkFeatures: 'Auxclick';
}

export function secureWebPreferences(preloadPath: string): SecureWebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    // Middle-click (auxclick) on a link could open it outside our navigation guard.
    disableBlinkFeatures: 'Auxclick',
  };
}

/** True only for app://xingtu/... URLs. Compares protocol and host because
 * `new URL(x).origin` is 'null' for non-special schemes in Node. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * Maps app://xingtu/<path> to a file inside rendererDir, or null if the URL is
 * foreign or tries to escape. Works on the raw URL string on purpose: WHATWG
 * parsing would silently normalise '..' and '%2e%2e', hiding the attack instead
 * of rejecting it.
 */
export function resolveAppPath(rendererDir: string, url: string): string | null {
  const prefix = `${APP_ORIGIN}/`;
  if (!url.startsWith(prefix)) return null;

  let rawPath = url.slice(prefix.length);
  const cut = rawPath.search(/[?#]/);
  if (cut !== -1) rawPath = rawPath.slice(0, cut);

  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null; // malformed percent-encoding
  }
  if (decoded === '') decoded = 'index.html';

  // Backslashes (Windows separators), NUL, ':' (drive letters, NTFS streams) and
  // absolute paths never occur in a Vite build's asset names.
  if (/[\\\0:]/.test(decoded) || decoded.startsWith('/')) return null;
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || s === '.' || s === '')) return null;

  // Belt and braces: the resolved file must still be inside rendererDir.
  const root = path.resolve(rendererDir);
  const full = path.resolve(root, ...segments);
  const rel = path.relative(root, full);
  if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
    return null;
  }
  return full;
}

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', // required for WebAssembly.instantiateStreaming
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.arrow': 'application/vnd.apache.arrow.file',
};

export function mimeTypeFor(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}
