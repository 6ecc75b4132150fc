import type { ErrorBody } from '@kura/contracts';

/** A failed API call, carrying the `{ error: { code, message, requestId } }` body the server sent. */
export class ApiError extends Error {
  readonly code: string;
  readonly requestId: string | null;
  readonly status: number;
  /** The body's `error.details`, e.g. `[{path, message}]` for a 400 `validation_failed`. */
  readonly details: unknown;

  constructor(init: { code: string; message: string; requestId: string | null; status: number; details?: unknown }) {
    super(init.message);
    this.name = 'ApiError';
    this.code = init.code;
    this.requestId = init.requestId;
    this.status = init.status;
    this.details = init.details ?? null;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

// The session cookie is HttpOnly; the CSRF token comes from the session/login response body.
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
export function getCsrfToken(): string | null {
  return csrfToken;
}

export type QueryParams = Record<string, string | number | boolean | null | undefined>;

export function buildUrl(path: string, params?: QueryParams): string {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    url.searchParams.set(key, String(value));
  }
  return url.pathname + url.search;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
interface RequestOptions {
  params?: QueryParams;
  body?: unknown;
  signal?: AbortSignal;
}

async function toApiError(response: Response): Promise<ApiError> {
  const headerId = response.headers.get('x-request-id');
  let body: Partial<ErrorBody> | null = null;
  try {
    body = (await response.json()) as Partial<ErrorBody>;
  } catch {
    body = null;
  }
  const err = body?.error;
  return new ApiError({
    code: typeof err?.code === 'string' ? err.code : `http_${response.status}`,
    message: typeof err?.message === 'string' ? err.message : response.statusText || `HTTP ${response.status}`,
    requestId: typeof err?.requestId === 'string' ? err.requestId : headerId,
    status: response.status,
    details: err?.details,
  });
}

async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers = new Headers({ Accept: 'application/json' });
  if (options.body !== undefined) headers.set('Content-Type', 'application/json');
  if (method !== 'GET' && csrfToken) headers.set('X-CSRF-Token', csrfToken);

  let response: Response;
  try {
    // An absolute URL keeps fetch happy outside the browser (tests) while staying same-origin.
    response = await fetch(new URL(buildUrl(path, options.params), window.location.origin), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ code: 'network_error', message: String(cause), requestId: null, status: 0 });
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) => request<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) => request<T>('PUT', path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) => request<T>('PATCH', path, { ...options, body }),
};

/** Problems the API named per field (400 `validation_failed` details), keyed by the body path. */
export function fieldIssues(error: unknown): Record<string, string> {
  if (!isApiError(error) || !Array.isArray(error.details)) return {};
  const out: Record<string, string> = {};
  for (const issue of error.details as unknown[]) {
    if (typeof issue !== 'object' || issue === null) continue;
    const { path, message } = issue as { path?: unknown; message?: unknown };
    if (typeof path === 'string' && typeof message === 'string' && !(path in out)) out[path] = message;
  }
  return out;
}
