import { expect } from 'vitest';
import { bearer, type Harness } from './harness.ts';
import type { SignedIn } from './staff.ts';

/** One staff API request as the console makes it: cookie and CSRF header, JSON body if any. */
export function callApi(h: Harness, s: SignedIn | null, method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = s ? s.headers() : {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${h.baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

/** Asserts the status (showing the body when it differs) and returns the parsed JSON. */
export async function jsonOf<T>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  expect({ status: res.status, body: text.slice(0, 500) }).toMatchObject({ status });
  return JSON.parse(text) as T;
}

export interface CallFixture {
  callRef: string;
  userRef: string;
  creatorRef: string;
  creatorName?: string;
  agency?: { ref: string; name: string };
  startedAt?: string;
}

/** A call as the platform sends it (PUT /v1/ingest/calls/{ref}); returns its id. */
export async function putCall(h: Harness, f: CallFixture): Promise<string> {
  const startedAt = f.startedAt ?? '2026-11-20T10:00:00+09:00';
  const res = await fetch(`${h.baseUrl}/v1/ingest/calls/${f.callRef}`, {
    method: 'PUT',
    headers: { ...bearer(), 'content-type': 'application/json' },
    body: JSON.stringify({
      creator: {
        ref: f.creatorRef,
        name: f.creatorName ?? `Creator ${f.creatorRef}`,
        agency: f.agency ?? { ref: 'agency-a', name: 'Agency A' },
      },
      user: { ref: f.userRef },
      startedAt,
      endedAt: new Date(Date.parse(startedAt) + 5 * 60_000).toISOString(),
    }),
  });
  return (await jsonOf<{ callId: string }>(res, 201)).callId;
}

/** Uploads bytes as the call's recording (it stays unprocessed unless a worker runs). */
export async function putRecording(h: Harness, callRef: string, bytes: Buffer = Buffer.alloc(4096, 7)): Promise<string> {
  const res = await fetch(`${h.baseUrl}/v1/ingest/calls/${callRef}/recording`, {
    method: 'PUT',
    headers: { ...bearer(), 'content-type': 'video/mp4' },
    body: bytes,
  });
  return (await jsonOf<{ recordingId: string }>(res, 201)).recordingId;
}

/** A report from the platform; returns the review item it opened or joined. */
export async function postReport(h: Harness, callRef: string, category = 'harassment'): Promise<string> {
  const res = await fetch(`${h.baseUrl}/v1/ingest/reports`, {
    method: 'POST',
    headers: { ...bearer(), 'content-type': 'application/json' },
    body: JSON.stringify({ callRef, reporter: 'user', category }),
  });
  return (await jsonOf<{ reviewItemId: string }>(res, 201)).reviewItemId;
}
