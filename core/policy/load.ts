// Reads and validates a policy file: YAML in, a typed policy with its content hash out, or every
// problem with file, line, field and reason.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { parseYaml, YamlSyntaxError, type Locate } from '../yaml.ts';
import { PolicySchema, type PolicyDocument } from './schema.ts';

export interface Policy {
  readonly document: PolicyDocument;
  /** Short SHA-256 of the file's bytes ('defaults' without a file): stored with every judgement. */
  readonly hash: string;
  /** The file it came from; undefined for the built-in defaults. */
  readonly file?: string;
  readonly text: string;
  readonly loadedAt: string;
}

export interface PolicyProblem {
  readonly file: string;
  readonly line?: number;
  /** Dotted path of the field, e.g. `agents.support-bot.checks.pii.kinds[2]`. */
  readonly field: string;
  readonly reason: string;
}

export class PolicyError extends Error {
  override readonly name = 'PolicyError';
  readonly problems: readonly PolicyProblem[];
  constructor(problems: readonly PolicyProblem[]) {
    super(`invalid policy:\n${problems.map(describeProblem).join('\n')}`);
    this.problems = problems;
  }
}

export function describeProblem(p: PolicyProblem): string {
  return `  ${p.file}${p.line === undefined ? '' : `:${p.line}`}: ${p.field || '(top level)'}: ${p.reason}`;
}

export const DEFAULT_POLICY: Policy = { document: PolicySchema.parse({}), hash: 'defaults', text: '', loadedAt: new Date(0).toISOString() };

function fieldOf(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`)).join('');
}

function problemsOf(error: z.ZodError, file: string, locate: Locate): PolicyProblem[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        file,
        line: locate(issue.path, key),
        field: fieldOf([...issue.path, key]),
        reason: `unknown field "${key}"; the fields allowed here are listed in docs/policy.md`,
      }));
    }
    return [{ file, line: locate(issue.path), field: fieldOf(issue.path), reason: issue.message }];
  });
}

export function parsePolicy(text: string, file: string): Policy {
  let parsed;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    if (!(error instanceof YamlSyntaxError)) throw error;
    throw new PolicyError([{ file, line: error.line, field: '', reason: `not valid YAML: ${error.message}` }]);
  }
  // An empty file is the defaults, written down.
  const result = PolicySchema.safeParse(parsed.content ?? {});
  if (!result.success) throw new PolicyError(problemsOf(result.error, file, parsed.locate).sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 12);
  return { document: result.data, hash, file, text, loadedAt: new Date().toISOString() };
}

export function loadPolicyFile(file: string): Policy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PolicyError([{ file, field: '', reason: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` }]);
  }
  return parsePolicy(text, file);
}
