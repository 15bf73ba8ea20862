// L2-regularised logistic regression, fitted by Newton's method (IRLS) on standardised features.
// Small and deterministic: no random initialisation, no shuffling, a fixed iteration cap. Meant
// for a few dozen interpretable features and a few thousand rows.

export interface LogisticModel {
  /** Per-feature mean and standard deviation used to standardise inputs (fitted on the training set). */
  readonly mean: readonly number[];
  readonly scale: readonly number[];
  /** Coefficients on the standardised features. */
  readonly weights: readonly number[];
  readonly bias: number;
}

export interface FitOptions {
  /**
   * L2 penalty λ on the standardised weights (the bias is not penalised); the objective is the
   * summed log-loss plus λ/2·‖w‖². Larger is smoother; 0 diverges on separable data.
   */
  readonly l2: number;
  readonly maxIterations?: number;
  /** Stop when no coefficient moves by more than this in one Newton step. */
  readonly tolerance?: number;
  /**
   * A fixed term added to each row's log-odds (a prior the data cannot estimate, e.g. a rare but
   * known-direction signal). Predictions must then add the same offset.
   */
  readonly offsets?: readonly number[];
  /**
   * Weigh the two classes equally (each row by n / (2 · its class size)), so that probability
   * 0.5 is the point where the evidence favours neither class whatever the training prevalence:
   * the cut that maximises balanced accuracy on a calibrated score, without tuning it.
   */
  readonly balanceClasses?: boolean;
  /**
   * Required sign of each weight (+1, −1, or 0 for free), for features whose direction is known
   * from their meaning. A weight that would take the wrong sign is held at 0 and the rest refitted
   * (an active-set method); the feature then has no say rather than the opposite of its meaning.
   */
  readonly signs?: readonly number[];
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Probability of the positive class under `model`. */
export function predictProbability(model: LogisticModel, features: readonly number[], offset = 0): number {
  let z = model.bias + offset;
  for (let j = 0; j < model.weights.length; j++) {
    z += (model.weights[j] ?? 0) * (((features[j] ?? 0) - (model.mean[j] ?? 0)) / (model.scale[j] ?? 1));
  }
  return sigmoid(z);
}

function standardiser(rows: readonly (readonly number[])[], width: number): { mean: number[]; scale: number[] } {
  const mean = Array.from({ length: width }, (_, j) => rows.reduce((sum, row) => sum + (row[j] ?? 0), 0) / rows.length);
  const scale = mean.map((m, j) => {
    const variance = rows.reduce((sum, row) => sum + ((row[j] ?? 0) - m) ** 2, 0) / rows.length;
    // A constant feature gets scale 1: it standardises to 0 and its weight stays 0.
    return variance > 1e-12 ? Math.sqrt(variance) : 1;
  });
  return { mean, scale };
}

/** Solve A·x = b for a symmetric positive-definite A (Cholesky). A is (n×n) row-major. */
function solveSpd(a: number[][], b: number[]): number[] {
  const n = b.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i]![j]!;
      for (let k = 0; k < j; k++) sum -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / l[j]![j]!;
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i]![k]! * y[k]!;
    y[i] = sum / l[i]![i]!;
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < n; k++) sum -= l[k]![i]! * x[k]!;
    x[i] = sum / l[i]![i]!;
  }
  return x;
}

/** Newton's method on standardised columns; `free[j]` false holds weight j at 0. */
function newton(x: readonly number[][], y: readonly number[], rowWeights: readonly number[], free: readonly boolean[], options: FitOptions): number[] {
  const width = free.length;
  const beta = new Array<number>(width + 1).fill(0);
  // Held weights get a huge penalty: their step is ~0 and the Hessian stays positive-definite.
  const penalty = (j: number): number => (free[j - 1] ? options.l2 : 1e12);
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-8;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const gradient = beta.map((b, j) => (j === 0 ? 0 : penalty(j) * b));
    const hessian = beta.map((_, i) => beta.map((__, j) => (i === j && i > 0 ? penalty(i) : 0)));
    x.forEach((xi, r) => {
      const p = sigmoid(xi.reduce((sum, v, j) => sum + v * beta[j]!, options.offsets?.[r] ?? 0));
      const rowWeight = rowWeights[r]!;
      const w = rowWeight * Math.max(p * (1 - p), 1e-10);
      for (let i = 0; i <= width; i++) {
        gradient[i]! += rowWeight * (p - y[r]!) * xi[i]!;
        for (let j = 0; j <= i; j++) hessian[i]![j]! += w * xi[i]! * xi[j]!;
      }
    });
    for (let i = 0; i <= width; i++) for (let j = 0; j < i; j++) hessian[j]![i] = hessian[i]![j]!;
    const step = solveSpd(hessian, gradient);
    let largest = 0;
    step.forEach((s, j) => {
      beta[j]! -= s;
      largest = Math.max(largest, Math.abs(s));
    });
    if (largest < tolerance) break;
  }
  beta.forEach((_, j) => {
    if (j > 0 && !free[j - 1]) beta[j] = 0;
  });
  return beta;
}

/** Fit on `rows` (one feature vector each) and 0/1 `labels`. */
export function fitLogistic(rows: readonly (readonly number[])[], labels: readonly boolean[], options: FitOptions): LogisticModel {
  if (rows.length === 0 || rows.length !== labels.length) throw new Error('fitLogistic: need as many labels as rows, at least one');
  const width = rows[0]?.length ?? 0;
  const { mean, scale } = standardiser(rows, width);
  // Column 0 is the intercept; columns 1..width the standardised features.
  const x = rows.map((row) => [1, ...row.map((value, j) => (value - mean[j]!) / scale[j]!)]);
  const y = labels.map((label) => (label ? 1 : 0));
  const positives = labels.filter(Boolean).length;
  const rowWeights = y.map((v) =>
    options.balanceClasses && positives > 0 && positives < y.length ? y.length / (2 * (v ? positives : y.length - positives)) : 1);
  const signs = options.signs ?? [];
  const free = Array.from({ length: width }, () => true);
  let beta = newton(x, y, rowWeights, free, options);
  // Active set: release nothing back, hold the most wrong-signed weight at 0, refit; at most `width` rounds.
  for (;;) {
    let worst = -1, worstValue = 0;
    beta.slice(1).forEach((b, j) => {
      const violation = -(signs[j] ?? 0) * b;
      if (free[j] && violation > worstValue) [worst, worstValue] = [j, violation];
    });
    if (worst < 0) break;
    free[worst] = false;
    beta = newton(x, y, rowWeights, free, options);
  }
  return { mean, scale, weights: beta.slice(1), bias: beta[0]! };
}
