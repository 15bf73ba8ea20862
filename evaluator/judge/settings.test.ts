import { describe, expect, it } from 'vitest';
import { JudgeSettingsSchema, resolveApiKey } from './settings.ts';

const minimal = { baseUrl: 'http://localhost:11434/v1', model: 'llama3.1:8b' };

describe('JudgeSettingsSchema', () => {
  it('fills in the defaults', () => {
    expect(JudgeSettingsSchema.parse(minimal)).toEqual({
      ...minimal,
      kind: 'openai',
      apiVersion: '2024-10-21',
      timeoutMs: 20_000,
      maxOutputTokens: 400,
      band: { low: 0.3, high: 0.8 },
    });
  });

  it.each([
    [{ ...minimal, baseUrl: 'localhost:11434' }, /baseUrl must be an http\(s\) URL/],
    [{ ...minimal, kind: 'anthropic' }, /kind must be "openai"/],
    [{ ...minimal, band: { low: 0.9, high: 0.2 } }, /band.low must not be above band.high/],
    [{ ...minimal, band: { low: -1, high: 0.5 } }, /band.low must be >= 0/],
    [{ ...minimal, apiKeyEnv: 'sk-abc' }, /apiKeyEnv must be an environment variable name/],
    [{ ...minimal, timeoutMs: 0 }, /timeoutMs must be > 0/],
    [{ ...minimal, api_key: 'x' }, /api_key/],
  ])('rejects %j with a message that says how to fix it', (input, message) => {
    const result = JudgeSettingsSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('\n')).toMatch(message);
  });
});

describe('resolveApiKey', () => {
  const settings = (extra: object) => JudgeSettingsSchema.parse({ ...minimal, ...extra });

  it('prefers the variable named by apiKeyEnv, falling back to apiKey', () => {
    const both = settings({ apiKey: 'from-file', apiKeyEnv: 'JUDGE_KEY' });
    expect(resolveApiKey(both, { JUDGE_KEY: 'from-env' })).toEqual({ ok: true, apiKey: 'from-env' });
    expect(resolveApiKey(both, {})).toEqual({ ok: true, apiKey: 'from-file' });
  });

  it('needs no key for a local server, but complains about a named variable that is unset', () => {
    expect(resolveApiKey(settings({}), {})).toEqual({ ok: true, apiKey: undefined });
    expect(resolveApiKey(settings({ apiKeyEnv: 'JUDGE_KEY' }), {})).toEqual({ ok: false, error: 'the judge key variable JUDGE_KEY (apiKeyEnv) is not set' });
  });
});
