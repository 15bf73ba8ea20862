// The collector's server log. Failures caused by clients or by the store can repeat many times a
// second, so each kind is written at most once per interval, with a count of the lines left out.
// Lines say what went wrong and never carry credentials.

const INTERVAL_MS = 10_000;
/** Longest message written; an engine exception may quote megabytes of the row it choked on. */
const MAX_MESSAGE_CHARS = 2000;

const lastWritten = new Map<string, { at: number; skipped: number }>();

export function logFailure(kind: string, message: string, write: (line: string) => void = console.error, now = Date.now()): void {
  const last = lastWritten.get(kind);
  if (last && now - last.at < INTERVAL_MS) {
    last.skipped++;
    return;
  }
  const shown = message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS)}…` : message;
  const skipped = last && last.skipped > 0 ? ` (${last.skipped} more like this in the last ${Math.round((now - last.at) / 1000)}s)` : '';
  lastWritten.set(kind, { at: now, skipped: 0 });
  write(`vigil: collector: ${kind}: ${shown}${skipped}`);
}

/** Logs an error nobody anticipated and returns what the sender is told instead of its text. */
export function unexpectedFailure(error: unknown): string {
  logFailure('unexpected error', error instanceof Error ? (error.stack ?? error.message) : String(error));
  return 'spans not stored: an internal error (logged on the server); retry later';
}
