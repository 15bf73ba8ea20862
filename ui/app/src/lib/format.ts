// Number, duration, cost, token and time formatting for tables, charts and tiles. Pure: the
// current time is passed in so tests are deterministic.

const grouped = new Intl.NumberFormat('en-US');

export function formatInteger(n: number): string {
  return grouped.format(Math.round(n));
}

/** 850 ms, 1.24 s, 12.3 s, 2 m 05 s, 1 h 04 m. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 1) return `${ms.toFixed(ms === 0 ? 0 : 2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(2)} s`;
  if (s < 60) return `${s.toFixed(1)} s`;
  const totalSeconds = Math.round(s);
  if (totalSeconds < 3600) return `${Math.floor(totalSeconds / 60)} m ${pad2(totalSeconds % 60)} s`;
  const totalMinutes = Math.round(totalSeconds / 60);
  return `${Math.floor(totalMinutes / 60)} h ${pad2(totalMinutes % 60)} m`;
}

/** A chart bucket's width: "15 min", "2 h", "7 d". */
export function formatBucket(seconds: number): string {
  if (seconds >= 86_400 && seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds >= 3600) return `${Number((seconds / 3600).toFixed(1))} h`;
  return `${Number((seconds / 60).toFixed(1))} min`;
}

/** $0 for nothing, <$0.0001 for dust, 4 significant digits below a dollar, cents above. */
export function formatCost(usd: number): string {
  if (!Number.isFinite(usd)) return '–';
  if (usd === 0) return '$0';
  if (usd < 0.0001) return '<$0.0001';
  if (usd < 1) return `$${usd.toPrecision(usd < 0.01 ? 2 : 3).replace(/0+$/, '')}`;
  return `$${grouped.format(Number(usd.toFixed(2)))}`;
}

/** 950, 12.3k, 4.5M: compact token counts for dense tables. */
export function formatTokens(n: number): string {
  if (n < 1000) return String(Math.round(n));
  if (n < 1_000_000) return `${trimZero((n / 1000).toFixed(n < 10_000 ? 1 : 0))}k`;
  return `${trimZero((n / 1_000_000).toFixed(1))}M`;
}

export function formatPercent(ratio: number): string {
  if (!Number.isFinite(ratio)) return '–';
  const pct = ratio * 100;
  return `${pct === 0 || pct >= 10 ? Math.round(pct) : pct.toFixed(1)}%`;
}

/** "just now", "45 s ago", "12 min ago", "3 h ago", "5 d ago", or a date beyond 30 days. */
export function formatRelativeTime(iso: string, now: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return iso;
  const seconds = Math.round((now - then) / 1000);
  if (seconds < 0) return 'in the future';
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  if (seconds < 30 * 86_400) return `${Math.floor(seconds / 86_400)} d ago`;
  return iso.slice(0, 10);
}

/** Absolute local time for hover titles: 2026-12-01 10:00:00.123 (local time zone). */
export function formatAbsoluteTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const date = `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
  const ms = String(d.getMilliseconds()).padStart(3, '0');
  return `${date} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${ms}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function trimZero(s: string): string {
  return s.replace(/\.0$/, '');
}
