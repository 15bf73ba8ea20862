// Serves the built web UI (ui/dist) with a strict Content-Security-Policy, every unknown page path
// falling back to index.html (the app routes on the client), and the API reference page.
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';

export const UI_DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const SWAGGER_DIR = fileURLToPath(new URL('../../node_modules/swagger-ui-dist/', import.meta.url));
const DOCS_DIR = fileURLToPath(new URL('./docs/', import.meta.url));

export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

// Swagger UI sets style attributes from script; its page alone allows inline styles (no scripts).
const DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** A file inside `root` for a URL path, or undefined (no escaping the folder, no directories). */
function fileIn(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const path = normalize(join(root, decoded));
  if (!path.startsWith(root.endsWith(sep) ? root : root + sep) || !extname(path)) return undefined;
  return existsSync(path) ? path : undefined;
}

function send(path: string, csp: string, immutable: boolean): Response {
  return new Response(readFileSync(path), {
    headers: {
      'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
      'content-security-policy': csp,
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    },
  });
}

const DOCS_FILES: Record<string, string> = {
  'swagger-ui.css': join(SWAGGER_DIR, 'swagger-ui.css'),
  'swagger-ui-bundle.js': join(SWAGGER_DIR, 'swagger-ui-bundle.js'),
  'init.js': join(DOCS_DIR, 'init.js'),
  'index.html': join(DOCS_DIR, 'index.html'),
};

export function registerStatic(app: Hono<any>): void {
  app.get('/api/docs', (c) => c.redirect('/api/docs/'));
  app.get('/api/docs/:file{.*}', (c) => {
    const file = DOCS_FILES[c.req.param('file') || 'index.html'];
    return file ? send(file, DOCS_CSP, false) : c.json({ error: 'no such file' }, 404);
  });

  app.get('*', (c, next) => {
    if (c.req.path.startsWith('/api/') || c.req.path === '/metrics') return next();
    const asset = fileIn(UI_DIST, c.req.path);
    if (asset) return send(asset, CSP, c.req.path.startsWith('/assets/'));
    if (extname(c.req.path)) return c.json({ error: `no file ${c.req.path}` }, 404);
    const index = join(UI_DIST, 'index.html');
    if (!existsSync(index)) {
      return c.text('The web UI is not built: run `npm run build:ui` (npm install does it; npm start rebuilds when sources change).', 503);
    }
    return send(index, CSP, false);
  });
}
