// Tallies answers to hostile requests against DESIGN.md rule 8: never a 5xx, and every error a
// JSON body {error:{code,message,requestId}} whose requestId is the X-Request-Id header.

export interface Tally {
  requests: number;
  accepted: number;
  refused: number;
  serverErrors: string[];
  badErrorShape: string[];
}

export const newTally = (): Tally => ({ requests: 0, accepted: 0, refused: 0, serverErrors: [], badErrorShape: [] });

export interface Seen {
  status: number;
  code: string | null;
  body: string;
}

/** Records one answer; `label` names the request in a failure list. */
export function record(t: Tally, label: string, status: number, contentType: string, requestIdHeader: string | null, body: string): Seen {
  t.requests++;
  if (status >= 500) t.serverErrors.push(`${label}: ${status} ${body.slice(0, 160)}`);
  if (status < 400) {
    t.accepted++;
    return { status, code: null, body };
  }
  t.refused++;
  const problem = errorShapeProblem(contentType, requestIdHeader, body);
  if (problem) {
    t.badErrorShape.push(`${label}: ${status} ${problem}`);
    return { status, code: null, body };
  }
  return { status, code: (JSON.parse(body) as { error: { code: string } }).error.code, body };
}

export async function recordResponse(t: Tally, label: string, res: Response): Promise<Seen> {
  const body = await res.text();
  return record(t, label, res.status, res.headers.get('content-type') ?? '', res.headers.get('x-request-id'), body);
}

function errorShapeProblem(contentType: string, requestIdHeader: string | null, body: string): string | null {
  if (!contentType.startsWith('application/json')) return `not JSON (${contentType || 'no content type'}): ${body.slice(0, 120)}`;
  try {
    const err = (JSON.parse(body) as { error?: { code?: unknown; message?: unknown; requestId?: unknown } }).error;
    if (typeof err?.code !== 'string' || err.code.length === 0) return `no error code: ${body.slice(0, 120)}`;
    if (typeof err.message !== 'string' || err.message.length === 0) return `no message: ${body.slice(0, 120)}`;
    if (typeof err.requestId !== 'string' || (requestIdHeader !== null && err.requestId !== requestIdHeader)) {
      return `requestId ${String(err.requestId)} is not the header's ${requestIdHeader}`;
    }
    return null;
  } catch {
    return `unparsable JSON: ${body.slice(0, 120)}`;
  }
}
