// The judge's settings (schema in core/policy/judge.ts, embedded in the policy file) and the key
// for one call.
export * from '../../core/policy/judge.ts';
import type { JudgeSettings } from '../../core/policy/judge.ts';

export type ApiKeyResolution = { ok: true; apiKey: string | undefined } | { ok: false; error: string };

/**
 * The key for one call. `apiKeyEnv` wins when its variable is set; otherwise `apiKey`. A named but
 * unset variable with no fallback is an error rather than a keyless call that fails later.
 */
export function resolveApiKey(settings: JudgeSettings, env: Readonly<Record<string, string | undefined>>): ApiKeyResolution {
  const fromEnv = settings.apiKeyEnv ? env[settings.apiKeyEnv] : undefined;
  if (fromEnv) return { ok: true, apiKey: fromEnv };
  if (settings.apiKey) return { ok: true, apiKey: settings.apiKey };
  if (settings.apiKeyEnv) return { ok: false, error: `the judge key variable ${settings.apiKeyEnv} (apiKeyEnv) is not set` };
  return { ok: true, apiKey: undefined };
}
