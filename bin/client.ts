// The one way CLI commands reach data: the running Vigil's HTTP API (the embedded engine belongs
// to the server process). Says plainly when no Vigil answers or the credential is refused.
import type { Command } from 'commander';

export interface ClientOptions {
  url?: string;
  token?: string;
  /** With the admin token: the project to read or write (X-Vigil-Project). A key implies its own. */
  projectHeader?: string;
}

export class CliError extends Error {
  override readonly name: string = 'CliError';
  /** The API's HTTP status, when the error is its answer. */
  readonly status: number | undefined;
  constructor(message: string, status?: number) {
    super(message);
    this.status = status;
  }
}

/** Nothing answered at the API's address. */
export class NoVigilError extends CliError {
  override readonly name = 'NoVigilError';
}

export const DEFAULT_URL = 'http://127.0.0.1:3000';

/** Adds --url and --token to a command, with their environment fallbacks in the help. */
export function withConnection(command: Command): Command {
  return command
    .option('--url <url>', `Vigil's query API (env VIGIL_URL, default ${DEFAULT_URL})`)
    .option('--token <token>', 'admin token or admin key (env VIGIL_ADMIN_TOKEN, else VIGIL_API_KEY); prefer the environment: arguments show in process lists');
}

export function connection(options: ClientOptions): { url: string; token: string } {
  const url = (options.url ?? process.env.VIGIL_URL ?? DEFAULT_URL).replace(/\/+$/, '');
  const token = options.token ?? process.env.VIGIL_ADMIN_TOKEN ?? process.env.VIGIL_API_KEY;
  if (!token) throw new CliError('no credential: set VIGIL_ADMIN_TOKEN (printed at the first start) or VIGIL_API_KEY, or pass --token');
  return { url, token };
}

export async function request<T>(options: ClientOptions, method: string, path: string, body?: unknown): Promise<T> {
  const { response, url } = await send(options, method, path, body);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError(`${url} answered ${response.status} with something other than Vigil's JSON: is it Vigil's query API port?`);
  }
  if (!response.ok) throw new CliError(`${method} ${path}: ${response.status} ${(parsed as { error?: string }).error ?? text}`, response.status);
  return parsed as T;
}

/** A request whose answer is a document (YAML, CSV): its text, or the API's error. */
export async function requestText(options: ClientOptions, method: string, path: string): Promise<string> {
  const { response } = await send(options, method, path);
  const text = await response.text();
  if (response.ok) return text;
  let message = text;
  try {
    message = (JSON.parse(text) as { error?: string }).error ?? text;
  } catch {
    // not Vigil's JSON error: shown as it came
  }
  throw new CliError(`${method} ${path}: ${response.status} ${message}`);
}

async function send(options: ClientOptions, method: string, path: string, body?: unknown): Promise<{ response: Response; url: string }> {
  const { url, token } = connection(options);
  let response: Response;
  try {
    response = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(options.projectHeader === undefined ? {} : { 'x-vigil-project': options.projectHeader }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new NoVigilError(`no Vigil running at ${url} (${cause}): start it with \`npm start\`, or point --url / VIGIL_URL at it`);
  }
  return { response, url };
}
