// promptfoo, loaded from its own install folder (evaluator/suites/runtime, `npm run setup:suites`),
// with its telemetry and update checks off and its state kept out of the user's home. Only the
// part of its library API that `vigil suite run` uses is typed here.
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const RUNTIME = new URL('./runtime/', import.meta.url);

export interface ProviderResponse {
  output?: unknown;
  error?: string;
  cost?: number;
  metadata?: Record<string, unknown>;
}

export interface ProviderCallContext {
  vars: Record<string, unknown>;
  test?: { description?: string; metadata?: Record<string, unknown> };
}

/** A provider object as promptfoo's library takes it. */
export interface ApiProvider {
  id: () => string;
  label?: string;
  callApi: (prompt: string, context?: ProviderCallContext) => Promise<ProviderResponse>;
}

export interface ComponentResult {
  pass: boolean;
  score: number;
  reason: string;
  assertion?: { type?: string; metric?: string } | null;
}

export interface EvaluateResult {
  success: boolean;
  score: number;
  error?: string | null;
  latencyMs?: number;
  cost?: number;
  testIdx: number;
  promptIdx: number;
  vars: Record<string, unknown>;
  prompt?: { raw?: string; label?: string };
  provider?: { id?: string; label?: string };
  response?: ProviderResponse | null;
  testCase?: { description?: string; metadata?: Record<string, unknown>; vars?: Record<string, unknown> };
  gradingResult?: { pass: boolean; score: number; reason: string; componentResults?: ComponentResult[] } | null;
}

export interface Promptfoo {
  evaluate(
    suite: Record<string, unknown>,
    options: {
      maxConcurrency: number;
      cache: boolean;
      showProgressBar: boolean;
      silent?: boolean;
      progressCallback?: (completed: number, total: number) => void;
    },
  ): Promise<{ toEvaluateSummary(): Promise<{ results: EvaluateResult[] }> }>;
}

export class PromptfooMissingError extends Error {
  override readonly name = 'PromptfooMissingError';
  constructor() {
    super('promptfoo is not installed: run `npm run setup:suites` (it installs promptfoo into evaluator/suites/runtime without its optional provider SDKs)');
  }
}

/** promptfoo's HTTP client turns on an experimental undici feature; users need not hear about it. */
function quietExperimentalWarnings(): void {
  const listeners = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name === 'ExperimentalWarning') return;
    if (listeners.length === 0) process.stderr.write(`${warning.name}: ${warning.message}\n`);
    for (const listener of listeners) listener(warning);
  });
}

/**
 * Loads promptfoo. Telemetry, update checks and the sharing prompt are turned off before it loads
 * (it reads them at import), and its config directory is a temporary one unless the user set one, so
 * a suite run neither calls home nor waits on the network at exit (TOOLCHAIN-NOTES).
 */
export async function loadPromptfoo(): Promise<Promptfoo> {
  process.env.PROMPTFOO_DISABLE_TELEMETRY = '1';
  process.env.PROMPTFOO_DISABLE_UPDATE = '1';
  process.env.PROMPTFOO_DISABLE_SHARING = '1';
  process.env.PROMPTFOO_DISABLE_REDTEAM_REMOTE_GENERATION = '1';
  // Its own progress and logs would mix with the command's output: warnings and errors only, on stderr.
  process.env.LOG_LEVEL ??= 'warn';
  process.env.PROMPTFOO_LOG_TO_STDERR = 'true';
  if (!process.env.PROMPTFOO_CONFIG_DIR) {
    process.env.PROMPTFOO_CONFIG_DIR = join(tmpdir(), 'vigil-promptfoo');
    mkdirSync(process.env.PROMPTFOO_CONFIG_DIR, { recursive: true });
  }
  quietExperimentalWarnings();
  let entry: string;
  try {
    entry = createRequire(RUNTIME).resolve('promptfoo');
  } catch {
    throw new PromptfooMissingError();
  }
  // The CommonJS entry resolves; the library is loaded as the ES module beside it.
  const esm = entry.replace(/index\.cjs$/, 'index.js');
  const module = (await import(pathToFileURL(existsSync(esm) ? esm : entry).href)) as { default: Promptfoo };
  return module.default;
}
