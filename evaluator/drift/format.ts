// Wording shared by the windowed checks' explanations (drift here, SLO burn beside it).

const trim = (value: number): string => (value < 10 ? String(Math.round(value * 10) / 10) : String(Math.round(value)));

/** 850 ms, 3.9 s, 12 s, 2.5 min, 6 h, 3 d: the largest unit that keeps the value at 1 or more. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${trim(ms / 1000)} s`;
  if (ms < 3_600_000) return `${trim(ms / 60_000)} min`;
  if (ms < 86_400_000) return `${trim(ms / 3_600_000)} h`;
  return `${trim(ms / 86_400_000)} d`;
}

export const formatCount = (n: number): string => n.toLocaleString('en-US');

/** 0.6123 → 61%, 0.99 → 99%, 0.999 → 99.9%: two significant digits, more when close to 100%. */
export function formatPercent(fraction: number): string {
  const digits = fraction > 0.9 && fraction < 1 ? Math.min(6, Math.max(2, Math.ceil(-Math.log10(1 - fraction)))) : 2;
  return `${Number((fraction * 100).toPrecision(digits))}%`;
}

export const formatPValue = (p: number): string => (Number.isNaN(p) ? 'p n/a' : p < 0.001 ? 'p < 0.001' : `p = ${Number(p.toPrecision(2))}`);
