// One line of `vigil guard hallucination` input → one line of output, or an error that names
// the line and the problem. Pure: the CLI only reads lines and writes what this returns.
import { z } from 'zod';
import { detectHallucination, type DetectOptions } from './detector.ts';

const InputLine = z.looseObject({
  context: z.union([z.string(), z.array(z.string())], {
    error: 'must be a string or an array of strings',
  }),
  answer: z.string({ error: 'must be a string' }),
});

export interface InputRecord {
  readonly context: string | readonly string[];
  readonly answer: string;
  /** Every other field, copied to the output line. */
  readonly passthrough: Readonly<Record<string, unknown>>;
}

export type LineResult =
  | { readonly kind: 'record'; readonly record: InputRecord }
  | { readonly kind: 'blank' }
  | { readonly kind: 'error'; readonly message: string };

/** Fields the output line sets itself; an input field of the same name is not copied. */
const OUTPUT_FIELDS = new Set(['score', 'flagged', 'unsupported']);

export function parseInputLine(line: string, lineNumber: number): LineResult {
  if (line.trim() === '') return { kind: 'blank' };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { kind: 'error', message: `line ${lineNumber}: invalid JSON (${(error as Error).message})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'error', message: `line ${lineNumber}: expected a JSON object like {"context": "...", "answer": "..."}` };
  }
  const parsed = InputLine.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const field = issue.path.length > 0 ? `"${issue.path.map(String).join('.')}"` : 'object';
      const missing = issue.path.length === 1 && !(String(issue.path[0]) in value);
      return missing ? `missing field ${field}` : `field ${field} ${issue.message}`;
    });
    return { kind: 'error', message: `line ${lineNumber}: ${problems.join('; ')}` };
  }
  const { context, answer, ...rest } = parsed.data;
  const passthrough = Object.fromEntries(Object.entries(rest).filter(([key]) => !OUTPUT_FIELDS.has(key)));
  return { kind: 'record', record: { context, answer, passthrough } };
}

/** The output line for one valid record: the verdict in brief, then the passed-through fields. */
export function formatVerdictLine(record: InputRecord, options: DetectOptions): string {
  const verdict = detectHallucination(record.context, record.answer, options);
  return JSON.stringify({
    score: verdict.score,
    flagged: verdict.flagged,
    unsupported: verdict.unsupported.map(({ claim, score, passage, reasons }) => ({ claim, score, passage, reasons })),
    ...record.passthrough,
  });
}
