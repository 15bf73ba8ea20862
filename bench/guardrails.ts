// Benchmark of the hallucination guardrail on the BEGIN dev files (Dziri et al., TACL 2022):
// detector vs. a plain unigram-overlap baseline, in-sample and leave-one-source-out, plus
// throughput on one core. Run: npm run bench:guardrails  (data dir: VIGIL_BEGIN_DIR or
// ../shared/data/begin next to the repository).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isHallucinated, isScored, parseBeginTsv, type BeginRow } from '../evaluator/hallucination/begin.ts';
import { DEFAULT_THRESHOLD, detectHallucination, unigramOverlap } from '../evaluator/hallucination/index.ts';
import { evaluate, inSample, leaveOneGroupOut, type Evaluation, type GroupedExample } from '../evaluator/stats/cross-validation.ts';

const dataDir = process.env.VIGIL_BEGIN_DIR ?? fileURLToPath(new URL('../../shared/data/begin/', import.meta.url));

function loadRows(dir: string): BeginRow[] {
  const files = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => readdirSync(join(dir, entry.name)).filter((f) => f.endsWith('.tsv')).map((f) => join(dir, entry.name, f)))
    .sort();
  if (files.length === 0) throw new Error(`no BEGIN .tsv files under ${dir}`);
  return files.flatMap((file) => parseBeginTsv(readFileSync(file, 'utf8')));
}

type Method = { name: string; support: (row: BeginRow) => number };
const methods: Method[] = [
  { name: 'detector', support: (row) => detectHallucination(row.knowledge, row.response).score },
  { name: 'unigram baseline', support: (row) => unigramOverlap(row.knowledge, row.response) },
];

// The metric module predicts "positive" for higher scores; positive = hallucinated = low support.
function examplesFor(method: Method, rows: readonly BeginRow[]): GroupedExample[] {
  return rows.map((row, i) => {
    if (i % 200 === 0) process.stderr.write(`\r  scoring with ${method.name}: ${i}/${rows.length}`);
    return { score: -method.support(row), positive: isHallucinated(row), group: row.source };
  });
}

const fmt = (value: number): string => (Number.isNaN(value) ? '  n/a' : value.toFixed(3));
const header = 'method            | set          |    n | thresh |  prec | recall |    F1 | bal.acc | AUROC';

function line(method: string, set: string, e: Omit<Evaluation, 'threshold'> & { threshold?: number }): string {
  const threshold = e.threshold === undefined ? '     -' : (-e.threshold).toFixed(4);
  return `${method.padEnd(17)} | ${set.padEnd(12)} | ${String(e.count).padStart(4)} | ${threshold} | ${fmt(e.precision)} | ${fmt(e.recall).padStart(6)} | ${fmt(e.f1)} | ${fmt(e.balancedAccuracy).padStart(7)} | ${fmt(e.auroc)}`;
}

function throughput(method: Method, rows: readonly BeginRow[], repeats: number): number {
  const started = performance.now();
  for (let r = 0; r < repeats; r++) {
    process.stderr.write(`\r  timing ${method.name}: pass ${r + 1}/${repeats}   `);
    for (const row of rows) method.support(row);
  }
  return (rows.length * repeats) / ((performance.now() - started) / 1000);
}

if (!existsSync(dataDir)) {
  console.error(`BEGIN data not found at ${dataDir}. Set VIGIL_BEGIN_DIR to the folder holding wow/, cmu-dog/, topicalchat/.`);
  process.exit(2);
}

const all = loadRows(dataDir);
const rows = all.filter(isScored);
console.log(`BEGIN dev: ${all.length} rows, ${rows.length} scored (Generic left out), ` +
  `${rows.filter(isHallucinated).length} hallucinated. Positive class = Not fully attributable.`);
console.log('Threshold shown as support score: flag when score < threshold.\n');

const inSampleLines: string[] = [];
const crossLines: string[] = [];
for (const method of methods) {
  const examples = examplesFor(method, rows);
  process.stderr.write('\n');
  inSampleLines.push(line(method.name, 'all sources', inSample(examples)));
  const cv = leaveOneGroupOut(examples);
  for (const [group, evaluation] of cv.folds) crossLines.push(line(method.name, `held-out ${group}`, evaluation));
  crossLines.push(line(method.name, 'pooled', cv.pooled));
}
console.log('(a) In-sample: threshold tuned for balanced accuracy on all dev rows');
console.log(header);
for (const text of inSampleLines) console.log(text);
console.log('\n(b) Leave-one-source-out: threshold tuned on two sources, measured on the third');
console.log(header);
for (const text of crossLines) console.log(text);

const detector = methods[0];
if (detector !== undefined) {
  const shipped = evaluate(examplesFor(detector, rows), -DEFAULT_THRESHOLD);
  process.stderr.write('\n');
  console.log(`\n(c) Shipped default: DEFAULT_THRESHOLD = ${DEFAULT_THRESHOLD} (rounded from the in-sample tuned value)`);
  console.log(header);
  console.log(line(detector.name, 'all sources', shipped));
}

console.log('\nThroughput, one core (answers checked per second, 5 passes over all scored rows)');
for (const method of methods) {
  const perSecond = throughput(method, rows, 5);
  process.stderr.write('\n');
  console.log(`  ${method.name.padEnd(17)} ${Math.round(perSecond).toLocaleString('en-US')} checks/s`);
}
