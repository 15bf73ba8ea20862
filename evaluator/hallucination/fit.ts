// Fitting the learned verdict on labelled (context, answer) pairs, and measuring the whole fitting
// procedure on groups it never saw: leave one source out, and leave one generating model out.
// Pure: the bench reads the files, prints, and writes model.ts.
import { fitLogistic, predictProbability, type LogisticModel } from '../stats/logistic.ts';
import { leaveOneGroupOutFitted, type FittedCrossValidation, type FittedScorer } from '../stats/model-selection.ts';
import { analyseAnswer } from './analysis.ts';
import { FEATURE_SIGNS, featuresOf, type FeatureName, type Features } from './features.ts';
import { contradictionOffset, DECISION_PROBABILITY, type DetectionMode, type FittedModel } from './model.ts';

export interface LabelledVector {
  readonly features: Features;
  readonly hallucinated: boolean;
  /** The data set the answer comes from (BEGIN: wow, cmu, tc). */
  readonly source: string;
  /** The system that generated the answer (BEGIN's `model_name`). */
  readonly generator: string;
  /** False when the answer makes no factual claim: in `facts` mode those score 1 without the model. */
  readonly factual: boolean;
}

/** The two ways of holding data out: a source, or a generating model, never seen in fitting. */
export type Scheme = 'source' | 'generator';
export const SCHEMES: readonly Scheme[] = ['source', 'generator'];
const groupOf = (scheme: Scheme) => (item: LabelledVector): string => item[scheme];
const positiveOf = (item: LabelledVector): boolean => item.hallucinated;

/** Which features a mode's model uses, and which answers it scores. */
export interface ModelSpec {
  readonly mode: DetectionMode;
  readonly features: readonly FeatureName[];
}

/**
 * `facts` mode: how much of what the answer states is in the sources (coverage, new content,
 * grammatical frame, verbatim copying) and how much of it is about the speaker. Left out on
 * purpose, though BEGIN rewards them: questions back and chit-chat (for an agent, a greeting or
 * a follow-up question beside a grounded fact is no hallucination; `attribution` mode counts
 * them); invented numbers, names and flipped negations, which enter as the fixed contradiction
 * offset (model.ts) because BEGIN has too few to weigh them.
 */
export const FACTS_SPEC: ModelSpec = {
  mode: 'facts',
  features: ['coverage', 'novelContentLog', 'grammarCoverage', 'copiedShare', 'firstPersonShare'],
};

/** `attribution` mode: coverage and copying, plus everything an answer says that is not from its sources. */
export const ATTRIBUTION_SPEC: ModelSpec = {
  mode: 'attribution',
  features: ['coverage', 'novelContentLog', 'copiedShare', 'speakerShare', 'questionShare', 'conversationalShare'],
};

export const SPECS: Readonly<Record<DetectionMode, ModelSpec>> = { facts: FACTS_SPEC, attribution: ATTRIBUTION_SPEC };

/** Whether the mode's model scores this answer: in `facts` mode, one with nothing factual scores 1. */
const modelled = (spec: ModelSpec, item: LabelledVector): boolean => spec.mode === 'attribution' || item.factual;

/** L2 strengths tried (on the summed log-loss of standardised features). */
export const L2_GRID: readonly number[] = [0.1, 0.3, 1, 3, 10, 30, 100, 300];

export function vectorise(context: string, answer: string, hallucinated: boolean, of: { source: string; generator: string }): LabelledVector {
  const { index, claims } = analyseAnswer(context, answer);
  return { features: featuresOf(claims, index), hallucinated, ...of, factual: claims.some((c) => c.evidence !== undefined) };
}

export const project = (features: Features, names: readonly FeatureName[]): number[] => names.map((name) => features[name]);

/**
 * Classes weighed equally, so P = 0.5 is the balanced-accuracy cut whatever the training
 * prevalence; weights held to the sign their feature's meaning gives them.
 */
function fitModel(items: readonly LabelledVector[], spec: ModelSpec, l2: number): LogisticModel {
  const fitted = items.filter((item) => modelled(spec, item));
  return fitLogistic(fitted.map((item) => project(item.features, spec.features)), fitted.map((item) => item.hallucinated), {
    l2,
    balanceClasses: true,
    signs: spec.features.map((name) => FEATURE_SIGNS[name]),
    offsets: fitted.map((item) => contradictionOffset(item.features)),
  });
}

/** Score = P(hallucinated), 0 for answers the mode exempts; flag above DECISION_PROBABILITY. */
function scorer(model: LogisticModel, spec: ModelSpec): FittedScorer<LabelledVector> {
  return {
    score: (item) =>
      modelled(spec, item) ? predictProbability(model, project(item.features, spec.features), contradictionOffset(item.features)) : 0,
    threshold: DECISION_PROBABILITY,
  };
}

export interface L2Choice {
  readonly l2: number;
  /** Mean held-out log-loss (classes weighed equally) over every fold of both schemes. */
  readonly meanLoss: number;
  /** How much worse than the best strength it does, fold by fold: mean and standard error of the gap. */
  readonly gap: number;
  readonly gapError: number;
}

const clamp = (p: number): number => Math.min(1 - 1e-9, Math.max(1e-9, p));

/** Log-loss with each class weighing one half: the quantity the class-balanced fit minimises. */
function balancedLogLoss(scored: readonly { p: number; positive: boolean }[]): number {
  const mean = (values: number[]): number => (values.length === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / values.length);
  return (mean(scored.filter((s) => s.positive).map((s) => -Math.log(clamp(s.p)))) +
    mean(scored.filter((s) => !s.positive).map((s) => -Math.log(1 - clamp(s.p))))) / 2;
}

function heldOutLosses(items: readonly LabelledVector[], spec: ModelSpec, l2: number): number[] {
  return SCHEMES.flatMap((scheme) => {
    const cv = leaveOneGroupOutFitted(items, groupOf(scheme), positiveOf, (training) => scorer(fitModel(training, spec, l2), spec));
    return [...cv.folds.keys()].map((group) => balancedLogLoss(cv.predictions
      .map((prediction, i) => ({ p: prediction.score, positive: prediction.positive, item: items[i]! }))
      .filter(({ item }) => item[scheme] === group && modelled(spec, item))));
  });
}

const meanOf = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;

/**
 * The one-standard-error rule, on held-out log-loss and paired by fold: the strongest penalty
 * whose fold-by-fold loss gap to the best strength is within one standard error of zero. Log-loss,
 * not AUROC, because the threshold relies on the probabilities being calibrated, and AUROC
 * hardly moves with the penalty; paired, because folds differ far more from each other (a hard
 * source, an easy model) than penalties differ within a fold.
 */
export function chooseL2(items: readonly LabelledVector[], spec: ModelSpec): { best: L2Choice; all: L2Choice[] } {
  const losses = L2_GRID.map((l2) => heldOutLosses(items, spec, l2));
  const means = losses.map(meanOf);
  const top = losses[means.indexOf(Math.min(...means))]!;
  const all = L2_GRID.map((l2, k) => {
    const gaps = top.map((value, f) => losses[k]![f]! - value);
    const gap = meanOf(gaps);
    const variance = gaps.reduce((sum, value) => sum + (value - gap) ** 2, 0) / Math.max(1, gaps.length - 1);
    return { l2, meanLoss: means[k]!, gap, gapError: Math.sqrt(variance / gaps.length) };
  });
  const best = all.filter((choice) => choice.gap <= choice.gapError).reduce((a, b) => (b.l2 > a.l2 ? b : a));
  return { best, all };
}

/**
 * Leave one group out of the whole procedure: in each outer fold the L2 strength is chosen on
 * the training groups alone (both schemes, one-SE rule), the weights are fitted on them, and
 * the threshold is the fit's own P = 0.5. The held-out group informs none of it.
 */
export function nestedCrossValidation(items: readonly LabelledVector[], spec: ModelSpec, scheme: Scheme): FittedCrossValidation {
  return leaveOneGroupOutFitted(items, groupOf(scheme), positiveOf, (training) =>
    scorer(fitModel(training, spec, chooseL2(training, spec).best.l2), spec));
}

/** The final model of a mode on all items. */
export function fitFinal(items: readonly LabelledVector[], spec: ModelSpec, l2: number): FittedModel {
  return { features: spec.features, model: fitModel(items, spec, l2), l2, threshold: 1 - DECISION_PROBABILITY };
}

/** P(hallucinated) of every item under a fitted model (0 where the mode exempts the answer). */
export const scoresOf = (items: readonly LabelledVector[], spec: ModelSpec, fit: FittedModel): number[] =>
  items.map(scorer(fit.model, spec).score);

const list = (values: readonly number[]): string => values.map((v) => Number(v.toPrecision(6))).join(', ');

const startMarker = (mode: DetectionMode): string => `// --- generated by bench/guardrails.ts --fit: ${mode} ---`;
const END_MARKER = '// --- end generated ---';

/** A mode's fitted model as its generated block in model.ts, markers included. */
export function modelSource(mode: DetectionMode, fit: FittedModel, description: string): string {
  return [
    startMarker(mode),
    `// ${description}`,
    `export const ${mode.toUpperCase()}_MODEL: FittedModel = {`,
    `  features: [${fit.features.map((n) => `'${n}'`).join(', ')}],`,
    `  model: {`,
    `    mean: [${list(fit.model.mean)}],`,
    `    scale: [${list(fit.model.scale)}],`,
    `    weights: [${list(fit.model.weights)}],`,
    `    bias: ${Number(fit.model.bias.toPrecision(6))},`,
    `  },`,
    `  l2: ${fit.l2},`,
    `  threshold: ${fit.threshold},`,
    `};`,
    END_MARKER,
  ].join('\n');
}

/** `source` (model.ts) with the mode's generated block replaced by `block`. */
export function replaceGeneratedBlock(source: string, mode: DetectionMode, block: string): string {
  const start = source.indexOf(startMarker(mode));
  const end = start < 0 ? -1 : source.indexOf(END_MARKER, start);
  if (end < 0) throw new Error(`model.ts: no generated block for ${mode} between "${startMarker(mode)}" and "${END_MARKER}"`);
  return source.slice(0, start) + block + source.slice(end + END_MARKER.length);
}
