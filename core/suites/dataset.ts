// Production executions as regression test cases: promptfoo test entries whose variables are the
// user's request and the context the agent had, with the output it produced, the guardrails that
// flagged it and the trace id kept in the metadata. Pure: facts in, YAML out.
import { stringify } from 'yaml';
import { cut } from './model.ts';

export interface DatasetExecution {
  traceId: string;
  agent: string;
  question: string;
  /** The context passages the answer should rest on, in the order the trace shows them. */
  context: string[];
  output: string;
  /** Checks that flagged the execution, with their explanations. */
  flags: { check: string; explanation: string }[];
  /** A person's note on the execution's outcome, when there is one. */
  note: string;
  /** What a person said the agent should have answered; '' when nobody did. */
  correctedOutput: string;
}

export function testCases(executions: readonly DatasetExecution[]): Record<string, unknown>[] {
  return executions.map((e) => ({
    description: `${e.agent} ${e.traceId.slice(0, 12)}${e.flags.length ? ` (flagged: ${e.flags.map((f) => f.check).join(', ')})` : ''}`,
    vars: {
      question: cut(e.question, 20_000),
      context: cut(e.context.join('\n\n'), 50_000),
      // The corrected answer, for assertions that compare with it (e.g. `factuality` or `similar` with value '{{expected}}').
      ...(e.correctedOutput ? { expected: cut(e.correctedOutput, 20_000) } : {}),
    },
    metadata: {
      vigilTraceId: e.traceId,
      agent: e.agent,
      producedOutput: cut(e.output, 20_000),
      ...(e.flags.length ? { flaggedBy: e.flags.map((f) => ({ check: f.check, explanation: cut(f.explanation, 2000) })) } : {}),
      ...(e.note ? { reviewerNote: e.note } : {}),
      ...(e.correctedOutput ? { correctedOutput: cut(e.correctedOutput, 20_000) } : {}),
    },
  }));
}

/** A promptfoo `tests:` file: the header says where it came from and what to add before running it. */
export function datasetYaml(name: string, executions: readonly DatasetExecution[], generatedAt: Date): string {
  const header = [
    `# ${executions.length} production executions exported by Vigil (${name}) on ${generatedAt.toISOString()}.`,
    '# Each case keeps the request and context the agent had; metadata.producedOutput is what it answered',
    "# and metadata.flaggedBy why that was wrong; vars.expected is a person's corrected answer, where one was",
    '# given. Add the assertions the fixed agent must pass, then',
    '# list this file under `tests:` in a promptfoo configuration.',
  ].join('\n');
  return `${header}\n${stringify(testCases(executions), { lineWidth: 0 })}`;
}
