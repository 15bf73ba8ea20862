import { describe, expect, it } from 'vitest';
import { aurocOf, balancedAccuracyOf, pairedBootstrap, type Prediction } from './bootstrap.ts';

const predictions = (scores: readonly number[], labels: readonly boolean[]): Prediction[] =>
  scores.map((score, i) => ({ score, positive: labels[i] ?? false, predicted: score > 0.5 }));

describe('pairedBootstrap', () => {
  const labels = Array.from({ length: 200 }, (_, i) => i % 2 === 0);
  const perfect = predictions(labels.map((positive) => (positive ? 0.9 : 0.1)), labels);
  const coinFlip = predictions(labels.map((_, i) => ((i * 7919) % 101) / 100), labels);

  it('puts a clear difference away from zero and is repeatable', () => {
    const interval = pairedBootstrap(perfect, coinFlip, aurocOf, { replicates: 300 });
    expect(interval.estimate).toBeGreaterThan(0.3);
    expect(interval.low).toBeGreaterThan(0.2);
    expect(interval.high).toBeLessThanOrEqual(1);
    expect(pairedBootstrap(perfect, coinFlip, aurocOf, { replicates: 300 })).toEqual(interval);
  });

  it('centres on zero for identical detectors', () => {
    expect(pairedBootstrap(coinFlip, coinFlip, balancedAccuracyOf, { replicates: 100 })).toEqual({ estimate: 0, low: 0, high: 0 });
  });

  it('refuses lists that do not describe the same examples', () => {
    expect(() => pairedBootstrap(perfect, perfect.slice(1), aurocOf)).toThrow(/same examples/);
  });
});
