// Keeps the built web UI in step with its sources: `npm install` builds it (the `prepare` script);
// `vigil start` rebuilds it first when a source file is newer than the build (a git pull, an edit).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UI_DIST } from './static.ts';

const APP_DIR = fileURLToPath(new URL('../app/', import.meta.url));

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))));
}

/** Why the UI must be built, or undefined when the build is current (or there are no sources). */
export function uiBuildNeeded(): string | undefined {
  if (!existsSync(APP_DIR)) return undefined;
  const index = join(UI_DIST, 'index.html');
  if (!existsSync(index)) return 'the web UI has not been built yet';
  return newestMtime(APP_DIR) > statSync(index).mtimeMs ? 'its sources changed since the last build' : undefined;
}

/** Runs the vite build in a child process (the build tools stay out of the server's memory). */
export function buildUi(): Promise<void> {
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--config', join(APP_DIR, 'vite.config.ts'), '--logLevel', 'warn'], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`building the web UI failed (vite exited with ${code}); run \`npm run build:ui\` to see why`))));
  });
}
