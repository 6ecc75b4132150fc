import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { recordAuditOrRefuse } from '../../../apps/api/src/services/audit/audit-log.ts';
import { lookUpMediaAccess } from '../../../apps/api/src/services/recordings/read-media.ts';
import { storedObjectOf } from '../../../apps/api/src/services/objects/encrypted-objects.ts';
import { readPlaintextRange } from '../../../apps/api/src/services/objects/ranged-read.ts';
import { timedGet } from '../lib/http.ts';
import { grant, ingestRecording, type Scenario } from '../lib/scenario.ts';
import { byteSource } from '../lib/stack.ts';
import { MiB, summarize, type ResultRow } from '../lib/stats.ts';

/**
 * Where the milliseconds of one range request go: each step the media route takes, timed on its
 * own with the server's code (in the bench process, same database and bucket), beside the whole
 * request over HTTP and two floors: one PostgreSQL round trip and one committed insert.
 */
export const profile: Scenario = {
  name: 'profile',
  about:
    'per-step timings of a 1 MiB range request (session + recording + grant, audit append beside the S3 GET, decrypt to first byte, rest)',
  async run(stack, o) {
    const size = 64 * MiB;
    const recordingId = await ingestRecording(stack, byteSource(size), size);
    const session = await stack.staffSession(['moderator']);
    await grant(stack, session, recordingId);
    const token = session.cookie.slice('kura_session='.length);
    const ctx = stack.ctx;
    const n = o.quick ? 100 : 300;
    const steps: Record<string, number[]> = {};
    const add = (k: string, v: number) => (steps[k] ??= []).push(v);
    await sql`create temporary table bench_floor (id serial primary key, v text)`.execute(ctx.db);
    for (let i = 0; i < n; i++) {
      const start = Math.floor(Math.random() * (size - MiB));
      let t = performance.now();
      await sql`select 1`.execute(ctx.db);
      add('floor: one PostgreSQL round trip', performance.now() - t);
      t = performance.now();
      await sql`insert into bench_floor (v) values ('x')`.execute(ctx.db);
      add('floor: one committed insert (WAL flush)', performance.now() - t);

      t = performance.now();
      const access = await lookUpMediaAccess(ctx, token, recordingId);
      add('1 session, recording and grant (one query)', performance.now() - t);
      const { staff, recording: rec, grant: g } = access!;
      t = performance.now();
      const read = await readPlaintextRange(ctx, storedObjectOf(rec!), rec!.content_type, `bytes=${start}-${start + MiB - 1}`, {
        what: 'recording',
        audit: async ({ start: s, end: e }) => {
          const ta = performance.now();
          await recordAuditOrRefuse(
            ctx.db,
            ctx.logger,
            { actor: { type: 'staff', id: staff.userId }, requestId: randomBytes(4).toString('hex') },
            {
              action: 'media.read',
              subject: { type: 'recording', id: recordingId },
              purpose: g!.purpose,
              details: { grantId: g!.id, reference: g!.reference, range: { start: s, end: e }, bytes: e - s + 1 },
            },
            ctx.now(),
          );
          add('2 audit append (overlaps 3)', performance.now() - ta);
        },
      });
      const tOpen = performance.now();
      let first = NaN;
      let bytes = 0;
      for await (const chunk of read.body!) {
        if (Number.isNaN(first)) first = performance.now();
        bytes += (chunk as Buffer).length;
      }
      if (bytes !== MiB) throw new Error(`profile read ${bytes} bytes`);
      const done = performance.now();
      add('3 S3 GET sent with the audit, to the first segment decrypted', first - t);
      add('4 rest of the range (S3 + decrypt)', done - first);
      add('  (after both, to the first byte)', first - tOpen);
      add('service path total, to last byte', done - t + steps['1 session, recording and grant (one query)']!.at(-1)!);
    }
    // Over HTTP in a phase of its own: the server then appends alone, as it would serving players,
    // instead of finding the chain's head moved by the loop above at every request.
    for (let i = 0; i < n; i++) {
      const start = Math.floor(Math.random() * (size - MiB));
      const range = `bytes=${start}-${start + MiB - 1}`;
      add('HTTP GET /healthz, first byte (the hop)', (await timedGet(`${stack.server.url}/healthz`, {})).ttfb);
      const http = await timedGet(`${stack.server.url}/api/recordings/${recordingId}/media`, { cookie: session.cookie, range });
      add('HTTP media route, first byte', http.ttfb);
      add('HTTP media route, last byte', http.total);
    }
    return Object.entries(steps).map(([step, v]): ResultRow => ({
      scenario: 'profile',
      metric: step,
      unit: 'ms',
      kura: summarize(v),
      baseline: null,
      ratio: null,
      target: '—',
      pass: null,
    }));
  },
};
