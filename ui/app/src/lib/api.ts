// The one HTTP client of the app. Same-origin requests authenticated by the HttpOnly session cookie
// (the app never holds a key after sign-in); an admin's project choice rides in X-Vigil-Project.
import { signInPath } from './routes.ts';

export class ApiError extends Error {
  status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

type Params = Record<string, string | number | string[] | undefined>;

/** The project an instance admin chose in the switcher (page URL ?project=), else null. */
export function currentProject(): string | null {
  if (typeof location === 'undefined') return null;
  return new URLSearchParams(location.search).get('project') || null;
}

export function buildQuery(params: Params = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value)) for (const item of value) query.append(key, item);
    else query.append(key, String(value));
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}

export async function apiGet<T>(path: string, params?: Params): Promise<T> {
  return request<T>('GET', `${path}${buildQuery(params)}`);
}

export async function apiSend<T>(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return request<T>(method, path, body);
}

/** A text export such as `format=csv`: fetched here (not by a plain link) so the admin's project
 *  choice rides along in its header. */
export async function apiText(path: string, params?: Params, accept = 'text/csv'): Promise<string> {
  return request<string>('GET', `${path}${buildQuery(params)}`, undefined, accept);
}

async function request<T>(method: string, url: string, body?: unknown, accept = 'application/json'): Promise<T> {
  const headers: Record<string, string> = { accept };
  const project = currentProject();
  if (project) headers['x-vigil-project'] = project;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'Could not reach the Vigil server. Is it running?');
  }
  if (response.ok && accept !== 'application/json') return (await response.text()) as T;
  const payload: unknown = await response.json().catch(() => null);
  if (response.ok) return payload as T;
  const message = errorText(payload) ?? `${method} ${url.split('?')[0]} failed with HTTP ${response.status}`;
  if (response.status === 401 && !isSessionCall(url)) redirectToSignIn();
  throw new ApiError(response.status, message);
}

function errorText(payload: unknown): string | null {
  if (payload && typeof payload === 'object' && 'error' in payload && typeof payload.error === 'string') return payload.error;
  return null;
}

function isSessionCall(url: string): boolean {
  return url === '/api/session' || url.startsWith('/api/session?');
}

function redirectToSignIn(): void {
  if (typeof location === 'undefined' || location.pathname === '/sign-in') return;
  const target = signInPath(`${location.pathname}${location.search}`);
  // The router listens for this event; a full load is the fallback if it is not mounted.
  if (!window.dispatchEvent(new CustomEvent('vigil:navigate', { detail: target, cancelable: true }))) return;
  location.assign(target);
}
