// The /suites page's computable parts: the side-by-side output diff, the pass-rate trend of a suite,
// the order and wording of the case groups of a comparison, and the page's URL state. Pure.
import type { CaseResult, RunSummary } from '../../../../core/suites/model.ts';
import type { CaseComparison, RunComparison } from '../../../../evaluator/suites/compare.ts';
import { formatDuration, formatPercent } from './format.ts';
import type { Series } from './series.ts';

export type { RunSummary };

export interface SuiteList {
  suites: { suite: string; runs: RunSummary[] }[];
}

// ---- the output diff -------------------------------------------------------------------------

export interface DiffPart {
  kind: 'same' | 'removed' | 'added';
  text: string;
}

export interface TextDiff {
  parts: DiffPart[];
  /** 'words' normally; 'lines' when the texts were too long to diff word by word; 'whole' when even
   *  their lines were: the differing middle is then shown as one removed and one added block. */
  granularity: 'words' | 'lines' | 'whole';
  /** Words only in the baseline, only in this run. */
  removedWords: number;
  addedWords: number;
}

/** Cells of the LCS table allowed (2 bytes each): agent outputs run to 200,000 characters. */
const MAX_CELLS = 4_000_000;

/** Words and the whitespace between them, so the diff keeps line breaks and spacing. */
export function wordTokens(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

function lineTokens(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/**
 * Baseline output against this run's: words (and whitespace) in both, only in the baseline, only in
 * this run. A longest-common-subsequence diff after trimming the common start and end; texts too
 * long for that fall back to lines, then to one block.
 */
export function diffText(baseline: string, current: string, maxCells = MAX_CELLS): TextDiff {
  let granularity: TextDiff['granularity'] = 'words';
  let parts = diffTokens(wordTokens(baseline), wordTokens(current), maxCells);
  if (!parts) {
    granularity = 'lines';
    parts = diffTokens(lineTokens(baseline), lineTokens(current), maxCells);
  }
  if (!parts) {
    granularity = 'whole';
    parts = diffTokens(lineTokens(baseline), lineTokens(current), Infinity, true)!;
  }
  const words = (kind: DiffPart['kind']) => parts.filter((p) => p.kind === kind).reduce((n, p) => n + (p.text.match(/\S+/g)?.length ?? 0), 0);
  return { parts, granularity, removedWords: words('removed'), addedWords: words('added') };
}

/** The parts each side of a side-by-side view shows: the baseline without additions, this run without removals. */
export function diffSides(parts: DiffPart[]): { baseline: DiffPart[]; current: DiffPart[] } {
  return { baseline: parts.filter((p) => p.kind !== 'added'), current: parts.filter((p) => p.kind !== 'removed') };
}

function diffTokens(a: string[], b: string[], maxCells: number, whole = false): DiffPart[] | null {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) (endA--, endB--);
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const out: DiffPart[] = [];
  push(out, 'same', a.slice(0, start).join(''));
  if (whole) {
    push(out, 'removed', midA.join(''));
    push(out, 'added', midB.join(''));
  } else {
    if ((midA.length + 1) * (midB.length + 1) > maxCells || Math.min(midA.length, midB.length) > 65_535) return null;
    for (const part of joinChanges(lcsParts(midA, midB))) push(out, part.kind, part.text);
  }
  push(out, 'same', a.slice(endA).join(''));
  return out;
}

/** The classic table of LCS lengths of suffixes, walked from the start; removals before additions. */
function lcsParts(a: string[], b: string[]): DiffPart[] {
  const width = b.length + 1;
  const table = new Uint16Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * width + j] = a[i] === b[j] ? table[(i + 1) * width + j + 1]! + 1 : Math.max(table[(i + 1) * width + j]!, table[i * width + j + 1]!);
    }
  }
  const parts: DiffPart[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) push(parts, 'same', a[i++]!), j++;
    else if (j >= b.length || (i < a.length && table[(i + 1) * width + j]! >= table[i * width + j + 1]!)) push(parts, 'removed', a[i++]!);
    else push(parts, 'added', b[j++]!);
  }
  return parts;
}

/**
 * Reads "within 30" → "take 90" rather than "within" → "take", " ", "30" → "90": spaces (not line
 * breaks) kept between two changes join them, each change then shows as one removal and one addition.
 */
function joinChanges(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  let removed = '';
  let added = '';
  let space = '';
  const flush = () => {
    push(out, 'removed', removed);
    push(out, 'added', added);
    push(out, 'same', space);
    removed = added = space = '';
  };
  for (const part of parts) {
    if (part.kind === 'same') {
      if ((removed || added) && !space && /^[^\S\n]+$/.test(part.text)) space = part.text;
      else (flush(), push(out, 'same', part.text));
      continue;
    }
    // Both texts have the space: each side keeps it.
    if (space) (removed += space, added += space, (space = ''));
    if (part.kind === 'removed') removed += part.text;
    else added += part.text;
  }
  flush();
  return out;
}

/** Appends, joining a part to the previous one of its kind. */
function push(parts: DiffPart[], kind: DiffPart['kind'], text: string): void {
  if (text === '') return;
  const last = parts.at(-1);
  if (last?.kind === kind) last.text += text;
  else parts.push({ kind, text });
}

// ---- the trend --------------------------------------------------------------------------------

export interface Trend {
  series: Series[];
  from: number;
  to: number;
  /** The agent version of each run, at its start time. */
  labels: { t: number; text: string }[];
}

/** A suite's runs (any order) as one pass-rate line over their start times, oldest first. */
export function passRateTrend(runs: RunSummary[]): Trend {
  const ordered = [...runs].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
  const points = ordered.map((r) => ({ t: Date.parse(r.startedAt), v: r.passRate }));
  const first = points[0]?.t ?? 0;
  const last = points.at(-1)?.t ?? 0;
  // Room either side so the first and last points (and their labels) sit inside the plot.
  const pad = last > first ? (last - first) * 0.06 : 3_600_000;
  return {
    series: [{ name: 'pass rate', points }],
    from: first - pad,
    to: last + pad,
    labels: ordered.filter((r) => r.agentVersion !== '').map((r) => ({ t: Date.parse(r.startedAt), text: r.agentVersion })),
  };
}

/** The run that started at `t` (a point picked on the trend); the newest such when several did. */
export function runAt(runs: RunSummary[], t: number): RunSummary | undefined {
  return runs.find((r) => Date.parse(r.startedAt) === t);
}

// ---- the comparison ---------------------------------------------------------------------------

export interface CaseGroup {
  key: 'newlyFailing' | 'newlyPassing' | 'stillFailing' | 'added' | 'removed' | 'stillPassing';
  title: string;
  hint: string;
  cases: CaseComparison[];
  /** Shown open at first. */
  open: boolean;
}

/** The groups of cases in the order an evaluator reads them: what broke first, what still passes last. */
export function caseGroups(comparison: RunComparison): CaseGroup[] {
  const stillPassing = comparison.cases.filter((c) => c.status === 'still-passing');
  const groups: CaseGroup[] = [
    { key: 'newlyFailing', title: 'Newly failing', hint: 'passed in the baseline, fail now', cases: comparison.newlyFailing, open: true },
    { key: 'newlyPassing', title: 'Newly passing', hint: 'failed in the baseline, pass now', cases: comparison.newlyPassing, open: true },
    { key: 'stillFailing', title: 'Still failing', hint: 'failed in both runs', cases: comparison.stillFailing, open: true },
    { key: 'added', title: 'Added', hint: 'not in the baseline; they do not count toward a regression', cases: comparison.added, open: true },
    { key: 'removed', title: 'Removed', hint: 'in the baseline, not in this run', cases: comparison.removed, open: true },
    { key: 'stillPassing', title: 'Still passing', hint: 'passed in both runs', cases: stillPassing, open: false },
  ];
  return groups.filter((g) => g.cases.length > 0);
}

/** A run's cases when there is no baseline to compare with: the failing ones, then the passing (collapsed). */
export function uncomparedGroups(cases: CaseResult[]): CaseGroup[] {
  const alone = (c: CaseResult): CaseComparison => ({ caseId: c.caseId, description: c.description, status: c.pass ? 'still-passing' : 'still-failing', current: c, scoreDelta: null, latencyDeltaMs: null, assertionChanges: [] });
  const groups: CaseGroup[] = [
    { key: 'stillFailing', title: 'Failing', hint: 'no baseline to compare with', cases: cases.filter((c) => !c.pass).map(alone), open: true },
    { key: 'stillPassing', title: 'Passing', hint: 'no baseline to compare with', cases: cases.filter((c) => c.pass).map(alone), open: false },
  ];
  return groups.filter((g) => g.cases.length > 0);
}

/** "+12%", "−3 pts": a signed change with a real minus sign; "±0" when nothing moved. */
export function signed(delta: number, format: (v: number) => string): string {
  if (Math.abs(delta) < 1e-12) return '±0';
  return `${delta > 0 ? '+' : '−'}${format(Math.abs(delta))}`;
}

/** A pass-rate change in percentage points: "−33 pts". */
export function passRatePoints(delta: number): string {
  return signed(delta, (v) => `${formatPercent(v).replace('%', '')} pt${Math.abs(v * 100 - 1) < 1e-9 ? '' : 's'}`);
}

export const scoreDelta = (delta: number) => signed(delta, (v) => v.toFixed(2));
export const latencyDelta = (ms: number) => signed(ms, formatDuration);

/** The short form of a git commit for tables. */
export function shortCommit(commit: string): string {
  return /^[0-9a-f]{12,}$/i.test(commit) ? commit.slice(0, 10) : commit;
}

// ---- URL state --------------------------------------------------------------------------------

/** The baseline the URL names, else the suite's last run that passed every case. */
export function baselineFromQuery(query: URLSearchParams): string {
  return query.get('baseline')?.trim() || 'last-passing';
}

export function runHref(runId: string, baseline?: string): string {
  const query = new URLSearchParams({ run: runId });
  if (baseline && baseline !== 'last-passing') query.set('baseline', baseline);
  return `/suites?${query}`;
}
