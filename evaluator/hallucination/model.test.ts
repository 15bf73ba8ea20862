import { describe, expect, it } from 'vitest';
import { SPECS } from './fit.ts';
import { DETECTION_MODES, MODELS } from './model.ts';

describe('shipped models', () => {
  it.each(DETECTION_MODES)('%s: fitted on the features its spec names (refit after changing a spec)', (mode) => {
    const { features, model, threshold } = MODELS[mode];
    expect(features).toEqual(SPECS[mode].features);
    for (const column of [model.mean, model.scale, model.weights]) expect(column).toHaveLength(features.length);
    expect(threshold).toBeGreaterThan(0);
    expect(threshold).toBeLessThan(1);
  });
});
