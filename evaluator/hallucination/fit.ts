// Fitting the learned verdict on labelled (context, answer) pairs, with the L2 strength chosen by
// leave-one-source-out cross-validation. Pure: the bench reads the files and prints.
import { tuneThreshold } from '../stats/classification.ts';
import { fitLogistic, predictProbability, type LogisticModel } from '../stats/logistic.ts';
import { leaveOneGroupOutFitted, type FittedCrossValidation, type Trainer } from '../stats/model-selection.ts';
import { analyseAnswer } from './analysis.ts';
import { contradictionOffset, type DetectionMode, type FittedModel } from './model.ts';
import { featuresOf, type FeatureName, type Features } from './features.ts';

export interface LabelledVector {
  readonly features: Features;
  readonly hallucinated: boolean;
  readonly group: string;
  /** False when the answer makes no factual claim: in `facts` mode those score 1 without the model. */
  readonly factual: boolean;
}

/** Which features a mode's model uses, and which answers it scores. */
export interface ModelSpec {
  readonly mode: DetectionMode;
  readonly features: readonly FeatureName[];
}

/**
 * `facts` mode. Left out on purpose, though BEGIN rewards them:
 * - `speakerShare`, `questionShare` and `conversationalShare`: BEGIN labels answers that talk
 *   about the speaker, ask back or banter "not attributable", but for an agent a greeting or a
 *   follow-up question beside a grounded fact is no sign of hallucination (`attribution` mode
 *   counts them);
 * - `novelNumbers`, `novelNames`, `negationMismatches` (both modes): already counted, as the fixed
 *   contradiction offset (model.ts) and inside the claim scores; as free inputs they pick up
 *   negative weights from collinearity, which would make an invented number look like support.
 */
export const FACTS_SPEC: ModelSpec = {
  mode: 'facts',
  features: [
    'handSetScore', 'weakestClaim', 'meanClaim', 'idfCoverage', 'plainCoverage', 'bigramCoverage',
    'trigramCoverage', 'grammarCoverage', 'longestCopyRatio', 'novelContentLog', 'firstPersonShare',
    'factualClaimsLog', 'answerLengthLog', 'contextLengthLog',
  ],
};

/** `attribution` mode: the same evidence, plus what the answer says that is not about the sources. */
export const ATTRIBUTION_SPEC: ModelSpec = {
  mode: 'attribution',
  features: [...FACTS_SPEC.features, 'speakerShare', 'questionShare', 'conversationalShare'],
};

export const SPECS: Readonly<Record<DetectionMode, ModelSpec>> = { facts: FACTS_SPEC, attribution: ATTRIBUTION_SPEC };

/** Whether the mode's model scores this answer: in `facts` mode, one with nothing factual scores 1. */
const modelled = (spec: ModelSpec, item: LabelledVector): boolean => spec.mode === 'attribution' || item.factual;

export const L2_GRID: readonly number[] = [0.01, 0.1, 1, 3, 10, 30, 100, 300, 1000];

export function vectorise(context: string, answer: string, hallucinated: boolean, group: string): LabelledVector {
  const { index, claims } = analyseAnswer(context, answer);
  return { features: featuresOf(claims, index), hallucinated, group, factual: claims.some((c) => c.evidence !== undefined) };
}

export const project = (features: Features, names: readonly FeatureName[]): number[] => names.map((name) => features[name]);

function fitModel(items: readonly LabelledVector[], spec: ModelSpec, l2: number): LogisticModel {
  const fitted = items.filter((item) => modelled(spec, item));
  return fitLogistic(fitted.map((item) => project(item.features, spec.features)), fitted.map((item) => item.hallucinated), {
    l2, offsets: fitted.map((item) => contradictionOffset(item.features)),
  });
}

const scorer = (model: LogisticModel, spec: ModelSpec) => (item: LabelledVector): number =>
  modelled(spec, item) ? predictProbability(model, project(item.features, spec.features), contradictionOffset(item.features)) : 0;

function fitOn(items: readonly LabelledVector[], spec: ModelSpec, l2: number): (item: LabelledVector) => number {
  return scorer(fitModel(items, spec, l2), spec);
}

/** Fit on the answers the mode scores; score = P(hallucinated), 0 for answers it exempts. */
export const logisticTrainer = (spec: ModelSpec, l2: number): Trainer<LabelledVector> =>
  (training) => fitOn(training, spec, l2);

const groupOf = (item: LabelledVector): string => item.group;
const positiveOf = (item: LabelledVector): boolean => item.hallucinated;

export interface L2Choice {
  readonly l2: number;
  readonly cv: FittedCrossValidation;
}

/** Cross-validate every L2 strength; the chosen one has the best mean held-out-source AUROC. */
export function chooseL2(items: readonly LabelledVector[], spec: ModelSpec): { best: L2Choice; all: L2Choice[] } {
  const all = L2_GRID.map((l2) => ({ l2, cv: leaveOneGroupOutFitted(items, groupOf, positiveOf, logisticTrainer(spec, l2)) }));
  const best = all.reduce((a, b) => (b.cv.meanFoldAuroc > a.cv.meanFoldAuroc + 1e-9 ? b : a));
  return { best, all };
}

/**
 * Leave-one-source-out of the whole procedure: in each outer fold the L2 strength is chosen by
 * an inner leave-one-source-out on the training sources alone, so the held-out source informs
 * neither the weights, nor the threshold, nor the regularisation.
 */
export function nestedCrossValidation(items: readonly LabelledVector[], spec: ModelSpec): FittedCrossValidation {
  const nested: Trainer<LabelledVector> = (training) => fitOn(training, spec, chooseL2(training, spec).best.l2);
  return leaveOneGroupOutFitted(items, groupOf, positiveOf, nested);
}

/** The final model of a mode on all items; its threshold (rounded to 2 decimals) maximises balanced accuracy. */
export function fitFinal(items: readonly LabelledVector[], spec: ModelSpec, l2: number): FittedModel {
  const model = fitModel(items, spec, l2);
  const score = scorer(model, spec);
  const examples = items.map((item) => ({ score: score(item), positive: item.hallucinated }));
  return { features: spec.features, model, l2, threshold: Math.round((1 - tuneThreshold(examples)) * 100) / 100 };
}

const list = (values: readonly number[]): string => values.map((v) => Number(v.toPrecision(6))).join(', ');

/** A mode's fitted model as its generated block in model.ts, markers included, ready to paste. */
export function modelSource(mode: DetectionMode, fit: FittedModel, description: string): string {
  return [
    `// --- generated by bench/guardrails.ts --fit: ${mode} ---`,
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
    `// --- end generated ---`,
  ].join('\n');
}
