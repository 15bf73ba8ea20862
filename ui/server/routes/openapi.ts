// Pieces shared by the route definitions: JSON responses, the error responses every route can
// give, and the security requirement.
import type { z } from '@hono/zod-openapi';
import { ErrorSchema } from '../schemas.ts';

export const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });

export const errors = {
  400: json(ErrorSchema, 'A parameter is invalid: the message names it and says what is expected'),
  401: json(ErrorSchema, 'Missing, malformed, unknown or revoked key'),
  403: json(ErrorSchema, 'The key\'s scope does not allow this'),
};

export const secured: { security: Record<string, string[]>[] } = { security: [{ bearer: [] }, { session: [] }] };
