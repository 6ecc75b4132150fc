import type { ShareReplyBody, ShareSessionResponse, SharedPacketDto, SignedManifest } from '@kura/contracts';

// The agency page's client for /v1/share/{token}: no staff cookie, no CSRF token. The session
// cookie (HttpOnly, Path=/v1/share/{token}) is set and sent by the browser itself.

export class ShareError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | null;
  /** Seconds from a 429's Retry-After, when the server sent one. */
  readonly retryAfter: number | null;

  constructor(init: { status: number; code: string; message: string; details: Record<string, unknown> | null; retryAfter: number | null }) {
    super(init.message);
    this.name = 'ShareError';
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.retryAfter = init.retryAfter;
  }
}

export const sharePath = (token: string) => `/v1/share/${encodeURIComponent(token)}`;
export const clipUrl = (token: string, clipId: string) => `${sharePath(token)}/clips/${encodeURIComponent(clipId)}`;
/** The same clip as an attachment (audited as a download rather than playback). */
export const clipDownloadUrl = (token: string, clipId: string) => `${clipUrl(token, clipId)}?download=1`;
export const manifestUrl = (token: string) => `${sharePath(token)}/manifest`;
export const SIGNING_KEYS_URL = '/.well-known/kura-signing-keys.json';

function retryAfterSeconds(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(new URL(path, window.location.origin), {
      method,
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      // The token is in the path: never send it on as a referrer.
      referrerPolicy: 'no-referrer',
      cache: 'no-store',
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch (cause) {
    throw new ShareError({ status: 0, code: 'network_error', message: String(cause), details: null, retryAfter: null });
  }
  if (!response.ok) {
    let error: { code?: unknown; message?: unknown; details?: unknown } | undefined;
    try {
      error = ((await response.json()) as { error?: typeof error }).error;
    } catch {
      error = undefined;
    }
    throw new ShareError({
      status: response.status,
      code: typeof error?.code === 'string' ? error.code : `http_${response.status}`,
      message: typeof error?.message === 'string' ? error.message : `HTTP ${response.status}`,
      details: typeof error?.details === 'object' && error.details !== null ? (error.details as Record<string, unknown>) : null,
      retryAfter: retryAfterSeconds(response.headers.get('retry-after')),
    });
  }
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const shareApi = {
  get: (token: string) => call<SharedPacketDto>('GET', sharePath(token)),
  startSession: (token: string, passphrase?: string) =>
    call<ShareSessionResponse>('POST', `${sharePath(token)}/session`, passphrase === undefined ? {} : { passphrase }),
  manifest: (token: string) => call<SignedManifest>('GET', manifestUrl(token)),
  reply: (token: string, body: ShareReplyBody) => call<unknown>('POST', `${sharePath(token)}/replies`, body),
};
