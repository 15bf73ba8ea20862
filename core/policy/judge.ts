// Where the optional LLM judge lives and how it is used, as written in the policy file's `judge:`
// section (the policy schema embeds this; evaluator/judge takes the parsed `JudgeSettings`).
import { z } from 'zod';

export const DEFAULT_AZURE_API_VERSION = '2024-10-21';
export const DEFAULT_JUDGE_TIMEOUT_MS = 20_000;
export const DEFAULT_JUDGE_MAX_OUTPUT_TOKENS = 400;
/** Offline support scores in this band are uncertain enough to be worth a judge call. */
export const DEFAULT_JUDGE_BAND: Readonly<JudgeBand> = { low: 0.3, high: 0.8 };

export interface JudgeBand {
  readonly low: number;
  readonly high: number;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const rate = (what: string) =>
  z
    .number({ error: `${what} must be a number of US dollars per million tokens, e.g. 0.15` })
    .nonnegative({ error: `${what} must be >= 0 (US dollars per million tokens)` });

const unitScore = (what: string) =>
  z
    .number({ error: `band.${what} must be an offline support score between 0 and 1` })
    .min(0, { error: `band.${what} must be >= 0` })
    .max(1, { error: `band.${what} must be <= 1` });

const BandSchema = z
  .strictObject({ low: unitScore('low'), high: unitScore('high') })
  .refine((band) => band.low <= band.high, { error: 'band.low must not be above band.high, e.g. { low: 0.3, high: 0.8 }' });

export const JudgeSettingsSchema = z
  .strictObject({
    /** `openai`: any OpenAI-compatible server (OpenAI, Ollama, vLLM, LiteLLM…); `azure`: Azure OpenAI. */
    kind: z.enum(['openai', 'azure'], { error: 'kind must be "openai" (any OpenAI-compatible server) or "azure"' }).default('openai'),
    /**
     * openai: the URL that `/chat/completions` is appended to, e.g. https://api.openai.com/v1 or
     * http://localhost:11434/v1 (Ollama). azure: the resource, https://RESOURCE.openai.azure.com.
     */
    baseUrl: z.url({ protocol: /^https?$/, error: 'baseUrl must be an http(s) URL, e.g. https://api.openai.com/v1 or http://localhost:11434/v1' }),
    /** The model name; for Azure, the deployment name. */
    model: z.string({ error: 'model must name the judge model (for Azure, the deployment), e.g. "gpt-4o-mini"' }).min(1, { error: 'model must not be empty' }),
    /** The key itself. Prefer `apiKeyEnv`, which keeps the secret out of the policy file. */
    apiKey: z.string().min(1, { error: 'apiKey must not be empty; omit it for servers that need no key' }).optional(),
    /** The environment variable holding the key, read at each call. Wins over `apiKey` when set. */
    apiKeyEnv: z.string().regex(ENV_NAME, { error: 'apiKeyEnv must be an environment variable name, e.g. OPENAI_API_KEY' }).optional(),
    /** Azure only: the REST API version. */
    apiVersion: z.string().min(1, { error: 'apiVersion must not be empty, e.g. "2024-10-21"' }).default(DEFAULT_AZURE_API_VERSION),
    timeoutMs: z
      .number()
      .int({ error: 'timeoutMs must be a whole number of milliseconds' })
      .positive({ error: 'timeoutMs must be > 0' })
      .max(600_000, { error: 'timeoutMs must be at most 600000 (ten minutes); a slow judge should give up and retry' })
      .default(DEFAULT_JUDGE_TIMEOUT_MS),
    maxOutputTokens: z.number().int().positive({ error: 'maxOutputTokens must be a positive whole number, e.g. 400' }).default(DEFAULT_JUDGE_MAX_OUTPUT_TOKENS),
    /** Only executions whose offline support score is within [low, high] are sent to the judge. */
    band: BandSchema.default({ ...DEFAULT_JUDGE_BAND }),
    /** The judge's price; when absent, looked up by model name in the price table. */
    price: z.strictObject({ inputPerMillion: rate('price.inputPerMillion'), outputPerMillion: rate('price.outputPerMillion') }).optional(),
  });

/** Parsed settings, defaults applied. */
export type JudgeSettings = z.output<typeof JudgeSettingsSchema>;
/** Settings as written in a policy file. */
export type JudgeSettingsInput = z.input<typeof JudgeSettingsSchema>;
