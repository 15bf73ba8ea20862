import { createReadStream, existsSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_THRESHOLDS, DETECTION_MODES, type DetectionMode } from '../../evaluator/hallucination/index.ts';
import { formatVerdictLine, parseInputLine } from '../../evaluator/hallucination/jsonl.ts';

function parseThreshold(value: string): number {
  const threshold = Number(value);
  if (value.trim() === '' || !Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
    throw new InvalidArgumentError('must be a number between 0 and 1.');
  }
  return threshold;
}

const HALLUCINATION_HELP = `
Input: one JSON object per line (JSONL):
  {"context": "retrieved text ...", "answer": "what the agent said ..."}
  "context" may also be an array of strings (several documents or tool results).
  Any other field (an id, a trace id) is copied to the output line unchanged.

Output: one line per input line, in input order, on stdout:
  {"score": 0.12, "flagged": true, "unsupported": [{"claim": "...", "score": 0.05,
    "passage": "closest context sentence", "reasons": ["number \\"30\\" is not in the context"]}], "id": ...}
  score is the answer's support in [0, 1] (1 − estimated probability that it says something the
  context does not support); flagged means score < threshold; unsupported lists the claims below
  the threshold, weakest first, each with the closest context passage and why it scored low.

Modes (--mode):
  facts        (default) what the answer states must be supported by the context. Greetings,
               thanks, refusals ("I'm not sure") and bare follow-ups ("Anything else?") are not
               checked, and an answer made only of them is never flagged. A question's content is
               checked like a statement's. Default threshold ${DEFAULT_THRESHOLDS.facts}.
  attribution  everything the answer says must come from the context: the speaker's own
               experiences and opinions ("I loved that film"), questions back and chit-chat count
               against it. For assistants that must answer only from their sources. Default
               threshold ${DEFAULT_THRESHOLDS.attribution}.

Errors: a line that is not valid JSON, or lacks a string "answer" or a string/string[] "context",
  is reported on stderr with its line number and skipped; the other lines are still checked.

Exit codes: 0 all lines checked, 1 at least one bad line, 2 input file not found.

Runs offline (lexical features, WordNet synonyms and hypernyms, a small logistic regression; no
network, no language model).
Each mode's weights and default threshold were fitted on the BEGIN benchmark dev files
(see bench/guardrails.ts).

Examples:
  vigil guard hallucination --input answers.jsonl
  vigil guard hallucination --input answers.jsonl --mode attribution
  cat answers.jsonl | vigil guard hallucination --input - --threshold 0.5 > verdicts.jsonl`;

interface HallucinationOptions {
  readonly input: string;
  readonly mode: DetectionMode;
  readonly threshold?: number;
}

async function runHallucination(options: HallucinationOptions): Promise<void> {
  const { input, mode } = options;
  const threshold = options.threshold ?? DEFAULT_THRESHOLDS[mode];
  if (input !== '-' && (!existsSync(input) || !statSync(input).isFile())) {
    process.stderr.write(`error: input file not found: ${input}\n`);
    process.exitCode = 2;
    return;
  }
  const stream = input === '-' ? process.stdin : createReadStream(input, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNumber = 0;
  let badLines = 0;
  const progress = process.stderr.isTTY && !process.stdout.isTTY;
  for await (const line of lines) {
    lineNumber++;
    const parsed = parseInputLine(line, lineNumber);
    if (parsed.kind === 'blank') continue;
    if (parsed.kind === 'error') {
      badLines++;
      process.stderr.write(`${parsed.message}\n`);
      continue;
    }
    // Respect backpressure: a large input piped to a slow reader must not pile up in memory.
    if (!process.stdout.write(`${formatVerdictLine(parsed.record, { mode, threshold })}\n`)) await once(process.stdout, 'drain');
    if (progress && lineNumber % 1000 === 0) process.stderr.write(`\rchecked ${lineNumber} lines`);
  }
  if (progress && lineNumber >= 1000) process.stderr.write(`\rchecked ${lineNumber} lines\n`);
  if (badLines > 0) {
    process.stderr.write(`${badLines} of ${lineNumber} line(s) could not be checked.\n`);
    process.exitCode = 1;
  }
}

export function registerGuard(program: Command): void {
  const guard = program.command('guard').description('Run a guardrail check offline (see subcommands).');
  guard
    .command('hallucination')
    .description('Flag answers that say things their context does not support (groundedness check).')
    .requiredOption('--input <file>', 'JSONL file with {"context", "answer"} per line; "-" reads stdin')
    .addOption(new Option('--mode <mode>', 'what counts against an answer (see Modes below)').choices(DETECTION_MODES).default('facts'))
    .option('--threshold <t>', "flag answers whose support score is below t (0 to 1); default: the mode's own", parseThreshold)
    .addHelpText('after', HALLUCINATION_HELP)
    .action(runHallucination);
}
