// A suite file: a promptfoo configuration (YAML or JSON) that promptfoo users already have, plus
// what Vigil adds — a `vigil:` section naming the suite and the agent, providers for the agent under
// test (`vigil:http`, `vigil:module:<file>`) and assertions backed by Vigil's own checks
// (`vigil:groundedness`, `vigil:pii`, `vigil:latency`, `vigil:cost`, `vigil:loop`). This module reads
// and validates the file and splits it: what promptfoo runs, and what Vigil does around it. Every
// error names the file, the line and the field.
import { readFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { z } from 'zod';
import { PII_KINDS } from '../checks/pii.ts';
import { DETECTION_MODES } from '../hallucination/index.ts';
import { parseYaml, YamlSyntaxError, type Locate } from '../../core/yaml.ts';

export class SuiteConfigError extends Error {
  override readonly name = 'SuiteConfigError';
}

const positive = z.number().positive();

export const VigilAssertionSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('vigil:groundedness'),
    /** The detector's threshold; its default when absent. */
    threshold: z.number().min(0).max(1).optional(),
    config: z.strictObject({ mode: z.enum(DETECTION_MODES).optional() }).optional(),
  }),
  z.strictObject({ type: z.literal('vigil:pii'), config: z.strictObject({ kinds: z.array(z.enum(PII_KINDS)).min(1).optional() }).optional() }),
  z.strictObject({ type: z.literal('vigil:latency'), threshold: positive.describe('milliseconds') }),
  z.strictObject({ type: z.literal('vigil:cost'), threshold: z.number().nonnegative().describe('US dollars') }),
  z.strictObject({
    type: z.literal('vigil:loop'),
    config: z
      .strictObject({
        maxRepeatedToolCalls: z.number().int().min(1).optional(),
        maxSteps: z.number().int().min(1).optional(),
        maxTokens: z.number().int().min(1).optional(),
        maxCostUsd: positive.optional(),
      })
      .optional(),
  }),
]);
export type VigilAssertion = z.infer<typeof VigilAssertionSchema>;
export const VIGIL_ASSERTIONS = VigilAssertionSchema.options.map((o) => o.shape.type.value);

const HttpProviderConfigSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  method: z.enum(['POST', 'PUT', 'GET']).default('POST'),
  headers: z.record(z.string(), z.string()).default({}),
  /** The JSON body; string values may hold {{prompt}} and {{var}} placeholders. */
  body: z.unknown().default({ input: '{{prompt}}' }),
  /** Dot path of the answer in a JSON reply (default `output`, else the whole reply as text). */
  output: z.string().min(1).optional(),
  /** Dot path of the call's cost in US dollars in a JSON reply. */
  cost: z.string().min(1).optional(),
  timeoutMs: z.number().int().positive().default(60_000),
});
export type HttpProviderConfig = z.infer<typeof HttpProviderConfigSchema>;

const VigilSectionSchema = z.strictObject({
  suite: z.string().min(1).max(200).optional(),
  agent: z.string().max(200).optional(),
  agentVersion: z.string().max(200).optional(),
});

export type AgentProvider =
  | { kind: 'http'; index: number; label: string; config: HttpProviderConfig }
  | { kind: 'module'; index: number; label: string; file: string; config: Record<string, unknown> };

export interface SuiteConfig {
  file: string;
  /** Relative paths in the file resolve against this directory (promptfoo's rule too). */
  baseDir: string;
  suite: string;
  agent: string;
  agentVersion: string;
  /** The configuration promptfoo runs: Vigil's providers and assertions taken out. */
  promptfoo: Record<string, unknown>;
  /** The agent providers, by their index in `providers` (promptfoo objects are put there at run time). */
  agents: AgentProvider[];
  /** Vigil assertions of every case (from defaultTest). */
  defaultAssertions: VigilAssertion[];
}

/** The key under which a test carries its Vigil assertions through promptfoo (in its metadata). */
export const ASSERTIONS_KEY = 'vigilAssertions';

type Path = (string | number)[];

function fail(file: string, locate: Locate | undefined, path: Path, message: string): never {
  const line = locate?.(path);
  const where = path.length ? path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') : 'the file';
  throw new SuiteConfigError(`${file}${line ? `:${line}` : ''}: ${where}: ${message}`);
}

function parseOrFail<T>(schema: z.ZodType<T>, value: unknown, file: string, locate: Locate | undefined, path: Path): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // A misspelt key usually explains a missing one: say it first.
  const issue = [...result.error.issues].sort((a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'))[0]!;
  const at = [...path, ...(issue.path as Path)];
  const shape = (schema as unknown as { shape?: object }).shape;
  const message =
    issue.code === 'unrecognized_keys' && shape && issue.path.length === 0
      ? `${issue.message} (allowed here: ${Object.keys(shape).join(', ')})`
      : issue.code === 'invalid_type' && /received undefined/.test(issue.message)
        ? `missing: ${issue.message.replace(/^Invalid input: expected (\w+), received undefined$/, 'give a $1')}`
        : issue.message;
  return fail(file, locate, at, message);
}

function readStructured(file: string): { content: unknown; locate?: Locate } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SuiteConfigError(`${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  if (extname(file) === '.json') {
    try {
      return { content: JSON.parse(text) };
    } catch (error) {
      throw new SuiteConfigError(`${file}: not JSON (${(error as Error).message})`);
    }
  }
  try {
    return parseYaml(text);
  } catch (error) {
    if (error instanceof YamlSyntaxError) throw new SuiteConfigError(`${file}${error.line ? `:${error.line}` : ''}: ${error.message}`);
    throw error;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Takes the Vigil assertions out of a test's `assert` list; promptfoo keeps the rest. */
function splitAssertions(test: Record<string, unknown>, file: string, locate: Locate | undefined, path: Path): { test: Record<string, unknown>; vigil: VigilAssertion[] } {
  const list = test.assert;
  if (list === undefined) return { test, vigil: [] };
  if (!Array.isArray(list)) fail(file, locate, [...path, 'assert'], 'must be a list of assertions');
  const vigil: VigilAssertion[] = [];
  const kept: unknown[] = [];
  list.forEach((assertion, i) => {
    if (isRecord(assertion) && typeof assertion.type === 'string' && assertion.type.startsWith('vigil:')) {
      const at = [...path, 'assert', i];
      const schema = VigilAssertionSchema.options.find((option) => option.shape.type.value === assertion.type);
      if (!schema) fail(file, locate, [...at, 'type'], `unknown Vigil assertion "${assertion.type}": use one of ${VIGIL_ASSERTIONS.join(', ')}`);
      vigil.push(parseOrFail<VigilAssertion>(schema, assertion, file, locate, at));
    } else kept.push(assertion);
  });
  return { test: { ...test, assert: kept }, vigil };
}

/** `tests:` as a list, a YAML/JSON file of tests, or several; other forms (CSV, globs) go to promptfoo as they are. */
function readTests(tests: unknown, baseDir: string, file: string, locate: Locate | undefined): unknown {
  const loadFile = (entry: string): { items: unknown[]; file: string; locate?: Locate } | undefined => {
    const path = resolve(baseDir, entry.replace(/^file:\/\//, ''));
    if (!/\.(ya?ml|json)$/.test(path) || /[*?]/.test(path)) return undefined;
    const loaded = readStructured(path);
    if (!Array.isArray(loaded.content)) throw new SuiteConfigError(`${path}: a tests file must hold a list of test cases`);
    return { items: loaded.content, file: path, locate: loaded.locate };
  };
  const entries = Array.isArray(tests) ? tests : [tests];
  const out: unknown[] = [];
  for (const [i, entry] of entries.entries()) {
    if (typeof entry === 'string') {
      const loaded = loadFile(entry);
      if (!loaded) out.push(entry); // a form promptfoo reads itself (CSV, a glob, a script)
      else out.push(...loaded.items.map((item, j) => splitTest(item, loaded.file, loaded.locate, [j])));
    } else out.push(splitTest(entry, file, locate, Array.isArray(tests) ? ['tests', i] : ['tests']));
  }
  return Array.isArray(tests) || out.length !== 1 || typeof out[0] !== 'string' ? out : out[0];
}

function splitTest(test: unknown, file: string, locate: Locate | undefined, path: Path): unknown {
  if (!isRecord(test)) fail(file, locate, path, 'a test case is a mapping (vars, assert, description…)');
  const { test: rest, vigil } = splitAssertions(test, file, locate, path);
  if (vigil.length === 0) return rest;
  const metadata = isRecord(rest.metadata) ? rest.metadata : {};
  return { ...rest, metadata: { ...metadata, [ASSERTIONS_KEY]: vigil } };
}

function readProvider(entry: unknown, index: number, baseDir: string, file: string, locate: Locate | undefined): AgentProvider | undefined {
  const path: Path = ['providers', index];
  const id = typeof entry === 'string' ? entry : isRecord(entry) && typeof entry.id === 'string' ? entry.id : undefined;
  if (!id?.startsWith('vigil:')) return undefined;
  const options = isRecord(entry) ? entry : {};
  const label = typeof options.label === 'string' ? options.label : id;
  if (id === 'vigil:http') {
    if (!isRecord(options.config)) fail(file, locate, [...path, 'config'], 'vigil:http needs `config: { url: … }`, the agent endpoint');
    return { kind: 'http', index, label, config: parseOrFail(HttpProviderConfigSchema, options.config, file, locate, [...path, 'config']) };
  }
  const module = /^vigil:module:(.+)$/.exec(id);
  if (module) return { kind: 'module', index, label, file: resolve(baseDir, module[1]!), config: isRecord(options.config) ? options.config : {} };
  return fail(file, locate, [...path, 'id'], `unknown Vigil provider "${id}": use vigil:http (an HTTP endpoint of the agent) or vigil:module:<file> (a JS/TS module)`);
}

export function readSuiteConfig(path: string): SuiteConfig {
  const file = resolve(path);
  const baseDir = dirname(file);
  const { content, locate } = readStructured(file);
  if (!isRecord(content)) throw new SuiteConfigError(`${file}: a suite file is a promptfoo configuration (a mapping with prompts, providers and tests)`);
  const { vigil: vigilRaw, ...config } = content;
  const vigil = parseOrFail(VigilSectionSchema, vigilRaw ?? {}, file, locate, ['vigil']);
  if (!Array.isArray(config.providers) || config.providers.length === 0) fail(file, locate, ['providers'], 'list at least one provider: the agent under test (vigil:http, vigil:module:<file>) or any promptfoo provider');
  if (config.tests === undefined) fail(file, locate, ['tests'], 'list the test cases, or a YAML/JSON file of them');
  const agents = config.providers.map((p, i) => readProvider(p, i, baseDir, file, locate)).filter((p) => p !== undefined);

  let defaultAssertions: VigilAssertion[] = [];
  let defaultTest = config.defaultTest;
  if (isRecord(defaultTest)) {
    const split = splitAssertions(defaultTest, file, locate, ['defaultTest']);
    defaultTest = split.test;
    defaultAssertions = split.vigil;
  }
  const description = typeof config.description === 'string' ? config.description : undefined;
  return {
    file,
    baseDir,
    suite: vigil.suite ?? description ?? basename(file).replace(/\.(ya?ml|json)$/, ''),
    agent: vigil.agent ?? '',
    agentVersion: vigil.agentVersion ?? '',
    promptfoo: {
      ...config,
      prompts: config.prompts ?? ['{{question}}'],
      ...(defaultTest === undefined ? {} : { defaultTest }),
      tests: readTests(config.tests, baseDir, file, locate),
    },
    agents,
    defaultAssertions,
  };
}
