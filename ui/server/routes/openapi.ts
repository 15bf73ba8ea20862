// Pieces shared by the route definitions: JSON responses, the error responses every route can
// give, the security requirement, the time range parameters and paging cursors.
import { z } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { ErrorSchema } from '../schemas.ts';
import { parseTimeRange, type TimeRange } from '../time-range.ts';

export const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });

export const errors = {
  400: json(ErrorSchema, 'A parameter is invalid: the message names it and says what is expected'),
  401: json(ErrorSchema, 'Missing, malformed, unknown or revoked key'),
  403: json(ErrorSchema, 'The key\'s scope does not allow this'),
};

export const secured: { security: Record<string, string[]>[] } = { security: [{ bearer: [] }, { session: [] }] };

/** `from` and `to` query parameters. */
export const RangeQuery = {
  from: z.string().optional().openapi({ description: 'ISO 8601 or a duration back from now (1h, 24h, 7d). Default 24h' }),
  to: z.string().optional().openapi({ description: 'ISO 8601, "now" or a duration back from now. Default now' }),
};

/** The range the parameters name, or a 400 naming the bad one. */
export function requireRange(from: string | undefined, to: string | undefined): TimeRange {
  const range = parseTimeRange(from, to, Date.now());
  if ('error' in range) throw new HTTPException(400, { message: range.error });
  return range;
}

/** A page's position as an opaque `nextCursor`. */
export function encodeCursor(position: object): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** The fields of a cursor, or undefined when the text is not one; each route checks their shape. */
export function readCursor(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString());
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
