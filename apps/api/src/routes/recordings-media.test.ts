import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import {
  auditRows,
  expectError,
  getMedia,
  grantAccess,
  GRANT_BODY,
  seedRecording,
  staffSession,
  type SeededRecording,
  type StaffSession,
  whileAuditRefused,
} from '../../../../test/support/seed-recording.ts';

// GET /api/recordings/:id/media against a recording whose KRV1 segment boundaries (64 KiB) matter:
// every answer is compared byte for byte with the uploaded source.

const S = 65_536;
const SIZE = 300 * 1024 + 123; // 4 whole segments and a partial fifth

let h: Harness;
let rec: SeededRecording;
let mod: StaffSession;

beforeAll(async () => {
  h = await createHarness();
  rec = await seedRecording(h, { bytes: Buffer.from(Array.from({ length: SIZE }, (_, i) => (i * 7919 + (i >> 8)) & 0xff)) });
  mod = await staffSession(h, ['moderator']);
  await grantAccess(h, mod.session, rec.recordingId);
});
afterAll(async () => {
  await h?.close();
});

async function bodyOf(res: Response): Promise<Buffer> {
  return Buffer.from(await res.arrayBuffer());
}

/** The media.read events written since `afterSeq`. */
async function readsAfter(afterSeq: number) {
  return (await auditRows(h, 'media.read')).filter((e) => e.seq > afterSeq);
}

async function headSeq(): Promise<number> {
  const rows = await auditRows(h);
  return rows.at(-1)?.seq ?? 0;
}

describe('GET /api/recordings/:id/media: ranges', () => {
  it('serves the whole recording without a Range header', async () => {
    expect(rec.bytes.length).toBe(SIZE);
    const before = await headSeq();
    const res = await getMedia(h, mod.session, rec.recordingId);
    expect(res.status).toBe(200);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('content-length')).toBe(String(SIZE));
    expect(res.headers.get('content-range')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect((await bodyOf(res)).equals(rec.bytes)).toBe(true);
    const [read] = await readsAfter(before);
    expect(read).toMatchObject({ actor_id: mod.userId, purpose: GRANT_BODY.purpose, subject_id: rec.recordingId });
    expect(read!.details).toMatchObject({ range: { start: 0, end: SIZE - 1 }, bytes: SIZE, reference: GRANT_BODY.reference });
  });

  // [Range header, first byte served, last byte served]
  const cases: [string, number, number][] = [
    ['bytes=0-0', 0, 0],
    [`bytes=${SIZE - 1}-${SIZE - 1}`, SIZE - 1, SIZE - 1],
    ['bytes=-1', SIZE - 1, SIZE - 1],
    [`bytes=${S - 1}-${S}`, S - 1, S],
    [`bytes=${S - 1}-${S - 1}`, S - 1, S - 1],
    [`bytes=${S}-${S}`, S, S],
    [`bytes=${S - 2}-${S + 1}`, S - 2, S + 1],
    [`bytes=${2 * S - 1}-${2 * S}`, 2 * S - 1, 2 * S],
    [`bytes=${2 * S}-${3 * S - 1}`, 2 * S, 3 * S - 1],
    [`bytes=${4 * S - 1}-${4 * S}`, 4 * S - 1, 4 * S],
    [`bytes=${4 * S}-${4 * S}`, 4 * S, 4 * S],
    ['bytes=0-65535', 0, S - 1],
    ['bytes=-500', SIZE - 500, SIZE - 1],
    [`bytes=-${SIZE}`, 0, SIZE - 1],
    [`bytes=-${SIZE + 10_000}`, 0, SIZE - 1],
    ['bytes=1000-', 1000, SIZE - 1],
    [`bytes=${4 * S}-`, 4 * S, SIZE - 1],
    ['bytes=1000-200000', 1000, 200_000],
    [`bytes=0-${SIZE - 1}`, 0, SIZE - 1],
    [`bytes=300000-${SIZE + 5000}`, 300_000, SIZE - 1],
    ['bytes=0-99999999999999999999', 0, SIZE - 1],
  ];

  it.each(cases)('%s → 206 bytes %i-%i, byte for byte, audited with that range', async (range, start, end) => {
    const before = await headSeq();
    const res = await getMedia(h, mod.session, rec.recordingId, range);
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${SIZE}`);
    expect(res.headers.get('content-length')).toBe(String(end - start + 1));
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    const body = await bodyOf(res);
    expect(body.length).toBe(end - start + 1);
    expect(body.equals(rec.bytes.subarray(start, end + 1))).toBe(true);
    const reads = await readsAfter(before);
    expect(reads).toHaveLength(1);
    expect(reads[0]!.purpose).toBe(GRANT_BODY.purpose);
    expect(reads[0]!.details).toMatchObject({ range: { start, end }, bytes: end - start + 1 });
  });

  const unsatisfiable = [
    `bytes=${SIZE}-`,
    `bytes=${SIZE}-${SIZE + 10}`,
    `bytes=${SIZE + 100}-${SIZE + 200}`,
    'bytes=-0',
    'bytes=abc',
    'bytes=-',
    'bytes=5-1',
    'bytes=0-1,5-6',
    'bytes=1.5-2',
    'items=0-1',
    'bytes=99999999999999999999-',
  ];

  it.each(unsatisfiable)('%s → 416 JSON with Content-Range: bytes */size, unaudited', async (range) => {
    const before = await headSeq();
    const res = await getMedia(h, mod.session, rec.recordingId, range);
    expect(res.headers.get('content-range')).toBe(`bytes */${SIZE}`);
    await expectError(res, 416, 'range_not_satisfiable');
    expect(await readsAfter(before)).toHaveLength(0);
  });
});

describe('GET /api/recordings/:id/media: audit before bytes', () => {
  it('answers 503 audit_unavailable and no media byte when the media.read event cannot be written', async () => {
    await whileAuditRefused(h, async () => {
      const before = await headSeq();
      for (const range of [undefined, 'bytes=0-99', `bytes=${S - 1}-${S}`]) {
        const res = await getMedia(h, mod.session, rec.recordingId, range);
        expect(res.headers.get('content-range')).toBeNull();
        expect(res.headers.get('content-type')).not.toBe('video/mp4');
        await expectError(res, 503, 'audit_unavailable');
      }
      // Reads of personal data (the list, a detail) are refused the same way, not as a bare 500.
      for (const path of ['/api/recordings', `/api/recordings/${rec.recordingId}`]) {
        await expectError(await fetch(`${h.baseUrl}${path}`, { headers: mod.session.headers() }), 503, 'audit_unavailable');
      }
      expect(await headSeq()).toBe(before);
    });
    // And once the audit works again, so does playback.
    const res = await getMedia(h, mod.session, rec.recordingId, 'bytes=0-9');
    expect(res.status).toBe(206);
    expect((await bodyOf(res)).equals(rec.bytes.subarray(0, 10))).toBe(true);
  });

  it('writes the media.read event with the grant, purpose and range before answering', async () => {
    const before = await headSeq();
    const res = await getMedia(h, mod.session, rec.recordingId, `bytes=${S - 1}-${2 * S}`);
    expect(res.status).toBe(206);
    // Read the event before the body: it must already be committed when the headers arrive.
    const reads = await readsAfter(before);
    expect(reads).toHaveLength(1);
    const grant = await h.ctx.db.selectFrom('access_grants').selectAll().where('staff_user_id', '=', mod.userId).executeTakeFirstOrThrow();
    expect(reads[0]).toMatchObject({
      actor_type: 'staff',
      actor_id: mod.userId,
      purpose: grant.purpose,
      request_id: res.headers.get('x-request-id'),
    });
    expect(reads[0]!.details).toEqual({ grantId: grant.id, reference: grant.reference, range: { start: S - 1, end: 2 * S }, bytes: S + 2 });
    await res.arrayBuffer();
  });
});

describe('HEAD /api/recordings/:id/media', () => {
  it('answers the headers GET would, with no body and no media.read event', async () => {
    const before = await headSeq();
    const head = (range?: string) =>
      fetch(`${h.baseUrl}/api/recordings/${rec.recordingId}/media`, {
        method: 'HEAD',
        headers: mod.session.headers(range ? { range } : {}),
      });
    const partial = await head(`bytes=${S - 1}-${S}`);
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe(`bytes ${S - 1}-${S}/${SIZE}`);
    expect(partial.headers.get('content-length')).toBe('2');
    expect((await bodyOf(partial)).length).toBe(0);
    const full = await head();
    expect(full.status).toBe(200);
    expect(full.headers.get('content-length')).toBe(String(SIZE));
    expect((await bodyOf(full)).length).toBe(0);
    expect(await readsAfter(before)).toHaveLength(0);
  });

  it('still needs a grant', async () => {
    const other = await staffSession(h, ['moderator']);
    const res = await fetch(`${h.baseUrl}/api/recordings/${rec.recordingId}/media`, { method: 'HEAD', headers: other.session.headers() });
    expect(res.status).toBe(403);
  });
});
