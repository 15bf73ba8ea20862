// Seeded randomness for generated benchmark data: the same seed gives the same rows, so a loaded
// directory can be reused and ids found again without reading them back.

/** Murmur3's 32-bit finalizer: a cheap, well-mixed hash of one integer. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hash32(a: number, b: number, c = 0): number {
  return mix32(mix32(mix32(a ^ 0x9e3779b9) ^ b) + Math.imul(c, 0x27d4eb2f));
}

const hex8 = (n: number) => n.toString(16).padStart(8, '0');

/** Hex id of `words` × 32 bits (4 = a trace id, 2 = a span id), a pure function of its inputs. */
export function hexId(seed: number, a: number, b: number, words: 2 | 4): string {
  let id = '';
  for (let w = 0; w < words; w++) id += hex8(hash32(seed + w, a, b));
  return id;
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Index drawn in proportion to `weights`. */
  weighted(weights: readonly number[]): number;
  /** Exponentially distributed with the given mean. */
  exp(mean: number): number;
  /** Log-normally distributed around `median` (spread: sigma of the log). */
  logNormal(median: number, spread: number): number;
}

/** mulberry32: 32 bits of state, fast, good enough for data generation. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    weighted(weights) {
      let total = 0;
      for (const w of weights) total += w;
      let r = next() * total;
      for (let i = 0; i < weights.length; i++) if ((r -= weights[i]!) < 0) return i;
      return weights.length - 1;
    },
    exp: (mean) => -Math.log(1 - next()) * mean,
    logNormal(median, spread) {
      // Box–Muller; one of the pair is enough here.
      const z = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
      return median * Math.exp(spread * z);
    },
  };
}
