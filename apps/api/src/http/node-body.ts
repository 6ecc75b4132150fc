import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { Context } from 'hono';
import type { Http2Bindings, HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { HonoEnv } from './env.ts';

/**
 * Media bodies are Node streams (S3 → decrypt). Handed to @hono/node-server as a web stream they
 * are read back chunk by chunk through promises and written one by one: measured on a 1 MiB range
 * of 64 KiB segments, that costs the server about a third more CPU than piping the Node stream
 * into the socket, and 0.3 ms more to the first byte. So a body given to streamBody() is piped
 * straight into the socket once the whole middleware chain has answered (status and headers as
 * every middleware left them); the web stream is only read where there is no Node socket
 * (app.request() in tests) or when the answer was replaced (an error after the handler).
 */
const pending = new WeakMap<IncomingMessage, { web: ReadableStream<Uint8Array>; node: Readable }>();

export function streamBody(c: Context<HonoEnv>, node: Readable): Response {
  const web = lazyWebStream(node);
  const incoming = c.env?.incoming;
  if (incoming) pending.set(incoming, { web, node });
  return c.body(web);
}

type Fetch = (req: Request, env: HttpBindings | Http2Bindings) => Response | Promise<Response>;

/** Wraps the app's fetch for @hono/node-server: answers with a streamBody() pipe where there is one. */
export function pipingStreamBodies(fetch: Fetch): Fetch {
  return async (req, env) => {
    const res = await fetch(req, env);
    // server.ts serves HTTP/1.1 only (node:http).
    const { incoming, outgoing } = env as HttpBindings;
    const body = pending.get(incoming);
    if (!body) return res;
    pending.delete(incoming);
    if (res.body !== body.web) {
      // The handler's answer was replaced on the way out: its bytes are not sent.
      body.node.destroy();
      return res;
    }
    outgoing.writeHead(res.status, outgoingHeaders(res.headers));
    pipeToResponse(body.node, outgoing);
    return RESPONSE_ALREADY_SENT;
  };
}

/**
 * What pipeline(body, outgoing) did, without the AbortController it makes for every call and the
 * DOMException it aborts that with at the end (both showed in the players' profiles, test/bench
 * README, ninth round). A failure mid-stream (a segment that fails authentication) destroys the
 * socket: the client sees a failed transfer, never short data as whole. A client that hangs up
 * stops the read.
 */
function pipeToResponse(body: Readable, outgoing: ServerResponse): void {
  body.once('error', () => outgoing.destroy());
  outgoing.once('close', () => {
    if (!body.readableEnded) body.destroy();
  });
  body.pipe(outgoing);
}

function outgoingHeaders(headers: Headers): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  headers.forEach((value, name) => {
    if (name !== 'set-cookie') out[name] = value;
  });
  const cookies = headers.getSetCookie();
  if (cookies.length) out['set-cookie'] = cookies;
  return out;
}

/**
 * The Node stream as a web stream that reads nothing until it is read (highWaterMark 0): the
 * pipe above must find every byte still in the Node stream.
 */
function lazyWebStream(node: Readable): ReadableStream<Uint8Array> {
  let chunks: AsyncIterator<Buffer> | null = null;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        chunks ??= node[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
        try {
          const { value, done } = await chunks.next();
          if (done) controller.close();
          else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
        } catch (err) {
          controller.error(err);
        }
      },
      cancel(reason) {
        node.destroy(reason instanceof Error ? reason : undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
