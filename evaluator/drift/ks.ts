// The two-sample Kolmogorov–Smirnov test: the largest gap between two empirical distribution
// functions, and how likely a gap that large is when both samples come from one distribution.
// It needs no model of latency (which is skewed and multi-modal), and is exact about ties.

export interface KsTest {
  /** D = sup |F_a(x) − F_b(x)|, in [0, 1]. */
  readonly statistic: number;
  /** Asymptotic two-sided p-value with Stephens' small-sample correction. */
  readonly pValue: number;
}

/** D of two ascending samples (typed arrays sorted with `.sort()`, or number arrays sorted numerically). */
export function ksStatistic(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  const m = b.length;
  let i = 0;
  let j = 0;
  let d = 0;
  // Step over each distinct value once, moving both functions past it, so tied values never open a gap.
  while (i < n && j < m) {
    const x = Math.min(a[i]!, b[j]!);
    while (i < n && a[i]! <= x) i++;
    while (j < m && b[j]! <= x) j++;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  return d;
}

/**
 * P(K > λ) for the Kolmogorov distribution K. Two series, each fast where the other is slow
 * (Marsaglia, Tsang & Wang 2003 use the same split): for small λ the theta-function form of the
 * CDF, for larger λ the alternating series 2 Σ (−1)^(k−1) exp(−2k²λ²).
 */
export function kolmogorovSurvival(lambda: number): number {
  if (lambda <= 0) return 1;
  if (lambda < 1.18) {
    const q = Math.exp((-Math.PI * Math.PI) / (8 * lambda * lambda));
    let cdf = 0;
    for (let k = 1; k <= 9; k += 2) cdf += q ** (k * k);
    return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / lambda) * cdf));
  }
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += k % 2 === 1 ? term : -term;
    if (term < 1e-16 * sum) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/** The test on two ascending samples; NaN throughout when either is empty. */
export function ksTest(a: ArrayLike<number>, b: ArrayLike<number>): KsTest {
  if (a.length === 0 || b.length === 0) return { statistic: Number.NaN, pValue: Number.NaN };
  const statistic = ksStatistic(a, b);
  const effective = Math.sqrt((a.length * b.length) / (a.length + b.length));
  // Stephens (1970): λ = (√n + 0.12 + 0.11/√n)·D brings the limit close to the exact p from n ≈ 4.
  const pValue = kolmogorovSurvival((effective + 0.12 + 0.11 / effective) * statistic);
  return { statistic, pValue };
}
