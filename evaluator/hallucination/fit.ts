// Fitting the learned verdict on labelled (context, answer) pairs, with the L2 strength chosen by
// leave-one-source-out cross-validation. Pure: the bench reads the files and prints.
import { tuneThreshold } from '../stats/classification.ts';
import { fitLogistic, predictProbability, type LogisticModel } from '../stats/logistic.ts';
import { leaveOneGroupOutFitted, type FittedCrossValidation, type Trainer } from '../stats/model-selection.ts';
import { analyseAnswer } from './analysis.ts';
import { contradictionOffset } from './model.ts';
import { FEATURE_NAMES, featuresOf, type FeatureName, type Features } from './features.ts';

export interface LabelledVector {
  readonly features: Features;
  readonly hallucinated: boolean;
  readonly group: string;
  /** False when the answer makes no factual claim: the detector scores those 1 without the model. */
  readonly factual: boolean;
}

/**
 * The features the shipped model uses. Left out on purpose, though BEGIN rewards them:
 * - `questionShare` and `conversationalShare`: in BEGIN's chit-chat, answers that ask back or
 *   banter are usually labelled not attributable, but for an agent a greeting or a follow-up
 *   question beside a grounded fact is no sign of hallucination;
 * - `novelNumbers`, `novelNames`, `negationMismatches`: already counted, as the fixed
 *   contradiction offset (model.ts) and inside the claim scores; as free inputs they pick up
 *   negative weights from collinearity, which would make an invented number look like support.
 */
export const SHIPPED_FEATURES: readonly FeatureName[] = [
  'handSetScore', 'weakestClaim', 'meanClaim', 'idfCoverage', 'plainCoverage', 'bigramCoverage',
  'trigramCoverage', 'grammarCoverage', 'longestCopyRatio', 'novelContentLog', 'firstPersonShare', 'factualClaimsLog',
  'answerLengthLog', 'contextLengthLog',
];
/** For comparison only: every feature, dialogue-shape ones included. */
export const ALL_FEATURES: readonly FeatureName[] = FEATURE_NAMES;

export const L2_GRID: readonly number[] = [0.01, 0.1, 1, 3, 10, 30, 100, 300, 1000];

export function vectorise(context: string, answer: string, hallucinated: boolean, group: string): LabelledVector {
  const { index, claims } = analyseAnswer(context, answer);
  return { features: featuresOf(claims, index), hallucinated, group, factual: claims.some((c) => c.evidence !== undefined) };
}

export const project = (features: Features, names: readonly FeatureName[]): number[] => names.map((name) => features[name]);

function fitModel(items: readonly LabelledVector[], names: readonly FeatureName[], l2: number): LogisticModel {
  const fitted = items.filter((item) => item.factual);
  return fitLogistic(fitted.map((item) => project(item.features, names)), fitted.map((item) => item.hallucinated), {
    l2, offsets: fitted.map((item) => contradictionOffset(item.features)),
  });
}

const scorer = (model: LogisticModel, names: readonly FeatureName[]) => (item: LabelledVector): number =>
  item.factual ? predictProbability(model, project(item.features, names), contradictionOffset(item.features)) : 0;

function fitOn(items: readonly LabelledVector[], names: readonly FeatureName[], l2: number): (item: LabelledVector) => number {
  return scorer(fitModel(items, names, l2), names);
}

/** Fit on the factual answers; score = P(hallucinated), 0 for answers with nothing to check. */
export const logisticTrainer = (names: readonly FeatureName[], l2: number): Trainer<LabelledVector> =>
  (training) => fitOn(training, names, l2);

const groupOf = (item: LabelledVector): string => item.group;
const positiveOf = (item: LabelledVector): boolean => item.hallucinated;

export interface L2Choice {
  readonly l2: number;
  readonly cv: FittedCrossValidation;
}

/** Cross-validate every L2 strength; the chosen one has the best mean held-out-source AUROC. */
export function chooseL2(items: readonly LabelledVector[], names: readonly FeatureName[]): { best: L2Choice; all: L2Choice[] } {
  const all = L2_GRID.map((l2) => ({ l2, cv: leaveOneGroupOutFitted(items, groupOf, positiveOf, logisticTrainer(names, l2)) }));
  const best = all.reduce((a, b) => (b.cv.meanFoldAuroc > a.cv.meanFoldAuroc + 1e-9 ? b : a));
  return { best, all };
}

/**
 * Leave-one-source-out of the whole procedure: in each outer fold the L2 strength is chosen by
 * an inner leave-one-source-out on the training sources alone, so the held-out source informs
 * neither the weights, nor the threshold, nor the regularisation.
 */
export function nestedCrossValidation(items: readonly LabelledVector[], names: readonly FeatureName[]): FittedCrossValidation {
  const nested: Trainer<LabelledVector> = (training) => fitOn(training, names, chooseL2(training, names).best.l2);
  return leaveOneGroupOutFitted(items, groupOf, positiveOf, nested);
}

export interface FinalFit {
  readonly names: readonly FeatureName[];
  readonly model: LogisticModel;
  readonly l2: number;
  /** Support threshold (1 − P) maximising balanced accuracy on all items, rounded to 2 decimals. */
  readonly threshold: number;
}

export function fitFinal(items: readonly LabelledVector[], names: readonly FeatureName[], l2: number): FinalFit {
  const model = fitModel(items, names, l2);
  const score = scorer(model, names);
  const examples = items.map((item) => ({ score: score(item), positive: item.hallucinated }));
  return { names, model, l2, threshold: Math.round((1 - tuneThreshold(examples)) * 100) / 100 };
}

const list = (values: readonly number[]): string => values.map((v) => Number(v.toPrecision(6))).join(', ');

/** The fitted model as the body of model.ts's constants, ready to paste. */
export function modelSource(fit: FinalFit, description: string): string {
  return [
    `// ${description}`,
    `export const MODEL_FEATURES: readonly FeatureName[] = [`,
    `  ${fit.names.map((n) => `'${n}'`).join(', ')},`,
    `];`,
    `export const MODEL: LogisticModel = {`,
    `  mean: [${list(fit.model.mean)}],`,
    `  scale: [${list(fit.model.scale)}],`,
    `  weights: [${list(fit.model.weights)}],`,
    `  bias: ${Number(fit.model.bias.toPrecision(6))},`,
    `};`,
    `export const MODEL_L2 = ${fit.l2};`,
    `export const MODEL_THRESHOLD = ${fit.threshold};`,
  ].join('\n');
}
