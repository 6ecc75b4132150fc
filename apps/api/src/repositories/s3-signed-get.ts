import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';

/** An S3 error answer, shaped like the SDK's (name = S3's error code, $metadata.httpStatusCode). */
export class S3GetError extends Error {
  readonly $metadata: { httpStatusCode: number };
  constructor(code: string, status: number, message: string) {
    super(message);
    this.name = code;
    this.$metadata = { httpStatusCode: status };
  }
}

const ATTEMPTS = 3;
const RETRY_STATUSES = new Set([500, 502, 503, 504]);

/**
 * Ranged GETs signed with the SDK's own SigV4 signer, credentials, region and hash, sent straight
 * over a keep-alive agent. A media request is a ranged GET, and the SDK's middleware stack
 * (endpoint rules, checksums, schema, retries) costs about a millisecond of CPU per request before
 * the request leaves: more than the rest of Kura's own work on a range, on the path to the first
 * byte and, fifty players at once, on the one thread that serves them all. Everything else stays
 * with the SDK.
 *
 * Retries like the SDK for what is safe to retry here: a connection that failed before any
 * answer (a keep-alive socket the server had closed) and 5xx, up to three attempts.
 */
export class SignedRangeGets {
  private readonly signer: SignatureV4;
  private readonly agent: http.Agent;
  private readonly request: typeof http.request;

  constructor(
    private readonly endpoint: URL,
    private readonly bucket: string,
    client: S3Client,
    agents: { http: http.Agent; https: https.Agent },
  ) {
    const secure = endpoint.protocol === 'https:';
    this.agent = secure ? agents.https : agents.http;
    this.request = secure ? https.request : http.request;
    this.signer = new SignatureV4({
      service: 's3',
      region: client.config.region,
      credentials: client.config.credentials,
      sha256: client.config.sha256,
      // S3 signs the path as sent (no second round of escaping).
      uriEscapePath: false,
      applyChecksum: false,
    });
  }

  /** Bytes [start, end] (inclusive) of an object, as the server streams them. */
  async getRange(key: string, start: number, end: number, signal?: AbortSignal): Promise<IncomingMessage> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(key, start, end, signal);
      } catch (err) {
        const retryable = err instanceof S3GetError ? RETRY_STATUSES.has(err.$metadata.httpStatusCode) : !signal?.aborted;
        if (!retryable || attempt >= ATTEMPTS) throw err;
        await sleep(25 * 2 ** attempt, undefined, { signal });
      }
    }
  }

  private async once(key: string, start: number, end: number, signal?: AbortSignal): Promise<IncomingMessage> {
    const base = this.endpoint.pathname.replace(/\/+$/, '');
    const path = `${base}/${escapeSegment(this.bucket)}/${key.split('/').map(escapeSegment).join('/')}`;
    const signed = await this.signer.sign({
      method: 'GET',
      protocol: this.endpoint.protocol,
      hostname: this.endpoint.hostname,
      port: this.endpoint.port ? Number(this.endpoint.port) : undefined,
      path,
      query: {},
      headers: {
        host: this.endpoint.host,
        range: `bytes=${start}-${end}`,
        'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
      },
    });
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = this.request(
        {
          agent: this.agent,
          method: 'GET',
          protocol: this.endpoint.protocol,
          hostname: this.endpoint.hostname,
          port: this.endpoint.port || undefined,
          path,
          headers: signed.headers,
          signal,
        },
        resolve,
      );
      req.on('error', reject);
      req.end();
    });
    if (res.statusCode === 206) return res;
    throw await errorOf(res);
  }
}

/** S3's XML error (<Code>, <Message>), read up to a few KiB; a 200 means the Range was ignored. */
async function errorOf(res: IncomingMessage): Promise<S3GetError> {
  const status = res.statusCode ?? 0;
  if (status === 200) {
    res.destroy();
    return new S3GetError('RangeIgnored', 200, 'the object store answered a ranged GET with the whole object');
  }
  let text = '';
  try {
    for await (const chunk of res) {
      text += (chunk as Buffer).toString('utf8');
      if (text.length > 4096) break;
    }
  } catch {
    // The status says enough.
  } finally {
    res.destroy();
  }
  const code = /<Code>([^<]{1,100})<\/Code>/.exec(text)?.[1] ?? (status === 404 ? 'NotFound' : `Http${status}`);
  const message = /<Message>([^<]{0,500})<\/Message>/.exec(text)?.[1] ?? `ranged GET answered ${status}`;
  return new S3GetError(code, status, message);
}

/** RFC 3986 unreserved characters stay, everything else is percent-encoded (as SigV4 expects). */
function escapeSegment(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
