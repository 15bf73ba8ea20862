// A suite run against a baseline run of the same suite: which cases broke and which were fixed, how
// scores, pass rate, latency and cost moved, whether the change could be chance, and the verdict the
// CLI turns into its exit code. Pure: two runs in, one comparison out.

import { cut, totalsOf, type AssertionResult, type CaseResult, type RunTotals, type SuiteRun } from '../../core/suites/model.ts';

export type CaseStatus = 'newly-failing' | 'newly-passing' | 'still-failing' | 'still-passing' | 'added' | 'removed';

export interface AssertionChange {
  kind: 'started-failing' | 'started-passing' | 'score-changed' | 'added' | 'removed';
  type: string;
  /** Position in the case's assertions in this run (in the baseline's, for a removed assertion). */
  index: number;
  /** Absent when the assertion was removed. */
  current?: AssertionResult;
  /** Absent when the assertion was added. */
  baseline?: AssertionResult;
  /** The current reason, else the baseline's. */
  reason: string;
  /** current − baseline score; null when one side is missing. */
  scoreDelta: number | null;
}

export interface CaseComparison {
  caseId: string;
  description: string;
  status: CaseStatus;
  /** The result in this run; absent for a removed case. */
  current?: CaseResult;
  /** The result in the baseline; absent for an added case. */
  baseline?: CaseResult;
  /** null unless the case is in both runs. */
  scoreDelta: number | null;
  latencyDeltaMs: number | null;
  /** Only for cases in both runs; assertions are matched by type (the n-th of a type with the n-th). */
  assertionChanges: AssertionChange[];
}

export interface MetricDelta {
  run: number;
  baseline: number;
  delta: number;
  /** run / baseline; null when the baseline is 0. */
  ratio: number | null;
}

/** McNemar's exact test on the cases present in both runs. */
export interface Significance {
  /** Passed in the baseline, fail now. */
  broke: number;
  /** Failed in the baseline, pass now. */
  fixed: number;
  /** broke + fixed: the only cases the test looks at. */
  discordant: number;
  /** Two-sided; 1 when no case changed. */
  pValue: number;
  note: string;
}

/** Which run is which, for headings and links. */
export type RunRef = Pick<SuiteRun, 'id' | 'suite' | 'agent' | 'agentVersion' | 'gitCommit' | 'startedAt'>;

export interface RunComparison {
  run: RunRef;
  baseline: RunRef;
  tolerance: number;
  /** newlyFailing.length > tolerance. */
  regressed: boolean;
  /** The verdict in sentences, the deciding one first; descriptions are quoted as given (escape them for markup). */
  reasons: string[];
  /** Every case: this run's in its order, then the removed ones. */
  cases: CaseComparison[];
  newlyFailing: CaseComparison[];
  newlyPassing: CaseComparison[];
  stillFailing: CaseComparison[];
  added: CaseComparison[];
  removed: CaseComparison[];
  totals: { run: RunTotals; baseline: RunTotals };
  /** Over each run's own cases, so added and removed cases move it too. */
  passRate: MetricDelta;
  latencyP50Ms: MetricDelta;
  costUsd: MetricDelta;
  significance: Significance;
}

export interface CompareOptions {
  /** How many cases may newly fail before the run counts as regressed; a whole number, default 0. */
  tolerance?: number;
}

/**
 * The verdict: a run regressed when more cases than `tolerance` passed in the baseline and fail now.
 * Added cases have no baseline and removed cases no result, so neither counts (the reasons say so);
 * nor does the pass rate, which moves with the case set and with chance.
 * Cases are matched by caseId; a caseId repeated within a run matches by occurrence.
 */
export function compareRuns(run: SuiteRun, baseline: SuiteRun, options: CompareOptions = {}): RunComparison {
  const tolerance = options.tolerance ?? 0;
  if (!Number.isInteger(tolerance) || tolerance < 0) throw new RangeError(`tolerance must be a whole number of cases, 0 or more; got ${tolerance}`);

  const before = byOccurrence(baseline.cases, (c) => c.caseId);
  const cases: CaseComparison[] = [];
  for (const [key, current] of byOccurrence(run.cases, (c) => c.caseId)) {
    const previous = before.get(key);
    before.delete(key);
    cases.push(previous ? matched(current, previous) : unmatched('added', current));
  }
  for (const previous of before.values()) cases.push(unmatched('removed', previous));

  const having = (status: CaseStatus) => cases.filter((c) => c.status === status);
  const newlyFailing = having('newly-failing');
  const newlyPassing = having('newly-passing');
  const added = having('added');
  const removed = having('removed');
  const totals = { run: totalsOf(run), baseline: totalsOf(baseline) };
  const inBoth = cases.length - added.length - removed.length;
  const regressed = newlyFailing.length > tolerance;

  return {
    run: refOf(run),
    baseline: refOf(baseline),
    tolerance,
    regressed,
    reasons: verdictReasons({ run, baseline, tolerance, regressed, newlyFailing, added, removed, inBoth }),
    cases,
    newlyFailing,
    newlyPassing,
    stillFailing: having('still-failing'),
    added,
    removed,
    totals,
    passRate: delta(totals.run.passRate, totals.baseline.passRate),
    latencyP50Ms: delta(totals.run.latencyP50Ms, totals.baseline.latencyP50Ms),
    costUsd: delta(totals.run.costUsd, totals.baseline.costUsd),
    significance: significance(newlyFailing.length, newlyPassing.length, inBoth),
  };
}

/**
 * McNemar's exact test: of the n cases whose outcome changed, `broke` went one way; under "no real
 * change" each direction is a fair coin, so p = P(a split at least this uneven) under Binomial(n, ½),
 * two-sided. Summed in log space so large suites neither overflow nor lose the tail.
 */
export function mcnemarExactP(broke: number, fixed: number): number {
  const n = broke + fixed;
  const k = Math.min(broke, fixed);
  let logPmf = -n * Math.LN2;
  let tail = 0;
  for (let i = 0; i <= k; i++) {
    tail += Math.exp(logPmf);
    logPmf += Math.log((n - i) / (i + 1));
  }
  return Math.min(1, 2 * tail);
}

export function significance(broke: number, fixed: number, inBoth: number): Significance {
  const discordant = broke + fixed;
  const pValue = mcnemarExactP(broke, fixed);
  return { broke, fixed, discordant, pValue, note: significanceNote(broke, fixed, pValue, inBoth) };
}

function significanceNote(broke: number, fixed: number, pValue: number, inBoth: number): string {
  const n = broke + fixed;
  if (inBoth === 0) return 'No case is in both runs, so there is nothing to compare.';
  if (n === 0) return `No case changed between pass and fail among the ${count(inBoth, 'case')} in both runs.`;
  const test = `${count(broke, 'case')} broke and ${fixed} ${fixed === 1 ? 'was' : 'were'} fixed (McNemar's exact test on the ${count(n, 'changed case')}: ${formatP(pValue)})`;
  if (broke === fixed) return `${test}: an even split, so no sign of a change either way overall.`;
  const odds = `If a changed case were as likely to be fixed as to break, as with a flaky agent and no real change, a split at least this uneven would happen ${formatPercent(pValue)} of the time`;
  const readThem = broke > 0 ? ' Each newly failing case is still worth reading.' : '';
  if (pValue < 0.05) return `${test}. ${odds}, so noise alone is an unlikely explanation.${readThem}`;
  // The most uneven split of n changed cases has p = 2·2⁻ⁿ, which stays at or above 0.05 up to n = 5.
  const floor = 2 ** (1 - n) >= 0.05 ? `; with ${n} changed ${n === 1 ? 'case' : 'cases'} no split could reach p < 0.05, so more cases or repeated runs are needed to tell` : '';
  return `${test}. ${odds}, so this could be chance${floor}.${readThem}`;
}

function matched(current: CaseResult, baseline: CaseResult): CaseComparison {
  const status: CaseStatus = current.pass ? (baseline.pass ? 'still-passing' : 'newly-passing') : baseline.pass ? 'newly-failing' : 'still-failing';
  return {
    caseId: current.caseId,
    description: current.description,
    status,
    current,
    baseline,
    scoreDelta: current.score - baseline.score,
    latencyDeltaMs: current.latencyMs - baseline.latencyMs,
    assertionChanges: assertionChanges(current.assertions, baseline.assertions),
  };
}

function unmatched(status: 'added' | 'removed', result: CaseResult): CaseComparison {
  return {
    caseId: result.caseId,
    description: result.description,
    status,
    ...(status === 'added' ? { current: result } : { baseline: result }),
    scoreDelta: null,
    latencyDeltaMs: null,
    assertionChanges: [],
  };
}

function assertionChanges(current: AssertionResult[], baseline: AssertionResult[]): AssertionChange[] {
  const before = byOccurrence(baseline, (a) => a.type);
  const changes: AssertionChange[] = [];
  let index = 0;
  for (const [key, now] of byOccurrence(current, (a) => a.type)) {
    const then = before.get(key);
    before.delete(key);
    if (!then) {
      changes.push({ kind: 'added', type: now.type, index, current: now, reason: now.reason, scoreDelta: null });
    } else {
      const scoreDelta = now.score - then.score;
      const kind = now.pass !== then.pass ? (now.pass ? 'started-passing' : 'started-failing') : Math.abs(scoreDelta) > 1e-9 ? 'score-changed' : undefined;
      if (kind) changes.push({ kind, type: now.type, index, current: now, baseline: then, reason: now.reason, scoreDelta });
    }
    index++;
  }
  for (const then of before.values()) changes.push({ kind: 'removed', type: then.type, index: baseline.indexOf(then), baseline: then, reason: then.reason, scoreDelta: null });
  return changes;
}

interface VerdictFacts {
  run: SuiteRun;
  baseline: SuiteRun;
  tolerance: number;
  regressed: boolean;
  newlyFailing: CaseComparison[];
  added: CaseComparison[];
  removed: CaseComparison[];
  inBoth: number;
}

function verdictReasons(facts: VerdictFacts): string[] {
  const { run, baseline, tolerance, newlyFailing, added, removed } = facts;
  const n = newlyFailing.length;
  const reasons = [
    n === 0
      ? `No case that passed in baseline run ${baseline.id} fails now.`
      : `${count(n, 'case')} that passed in baseline run ${baseline.id} ${n === 1 ? 'fails' : 'fail'} now, ${facts.regressed ? 'more than' : 'within'} the tolerance of ${tolerance}: ${quoteList(newlyFailing)}.`,
  ];
  if (facts.inBoth === 0 && baseline.cases.length > 0) reasons.push('No case of the baseline is in this run, so nothing could be compared: check that the baseline is a run of the same suite.');
  if (run.suite !== baseline.suite) reasons.push(`The baseline is a run of suite "${baseline.suite}", this run of suite "${run.suite}".`);
  const addedFailing = added.filter((c) => !c.current?.pass);
  if (addedFailing.length > 0) reasons.push(`${addedFailing.length} of ${count(added.length, 'added case')} ${addedFailing.length === 1 ? 'fails' : 'fail'} (${quoteList(addedFailing)}); with no baseline result they do not count toward a regression.`);
  if (removed.length > 0) reasons.push(`${count(removed.length, 'baseline case')} ${removed.length === 1 ? 'is' : 'are'} not in this run (${quoteList(removed)}) and ${removed.length === 1 ? 'does' : 'do'} not count.`);
  return reasons;
}

const QUOTED_NAMES = 5;

function quoteList(cases: CaseComparison[]): string {
  const names = cases.slice(0, QUOTED_NAMES).map((c) => `"${cut(c.description || c.caseId, 100)}"`);
  return cases.length > QUOTED_NAMES ? `${names.join(', ')} and ${cases.length - QUOTED_NAMES} more` : names.join(', ');
}

/** Keys each item by its id and its occurrence among items with that id, so repeated ids still pair up in order. */
export function byOccurrence<T>(items: readonly T[], id: (item: T) => string): Map<string, T> {
  const seen = new Map<string, number>();
  const keyed = new Map<string, T>();
  for (const item of items) {
    const n = seen.get(id(item)) ?? 0;
    seen.set(id(item), n + 1);
    keyed.set(`${id(item)}\u0000${n}`, item);
  }
  return keyed;
}

function refOf({ id, suite, agent, agentVersion, gitCommit, startedAt }: SuiteRun): RunRef {
  return { id, suite, agent, agentVersion, gitCommit, startedAt };
}

function delta(run: number, baseline: number): MetricDelta {
  return { run, baseline, delta: run - baseline, ratio: baseline === 0 ? null : run / baseline };
}

function count(n: number, noun: string): string {
  return `${n} ${n === 1 ? noun : `${noun}s`}`;
}

function formatP(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${Number(p.toPrecision(2))}`;
}

function formatPercent(p: number): string {
  return p < 0.001 ? 'less than 0.1%' : `${Number((p * 100).toPrecision(2))}%`;
}
