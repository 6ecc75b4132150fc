import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../../test/support/harness.ts';
import { expectError, seedRecording, staffSession, type StaffSession } from '../../../../../test/support/seed-recording.ts';

// GET /api/recordings date filters, over HTTP: days in Japan, and a range must not be inverted.

let h: Harness;
let mod: StaffSession;

beforeAll(async () => {
  h = await createHarness();
  // Starts 2026-11-20 10:00 in Tokyo.
  await seedRecording(h, { agency: { ref: 'agency-dates', name: 'Agency Dates' } });
  mod = await staffSession(h, ['moderator']);
});
afterAll(async () => {
  await h?.close();
});

const list = (query: string) => fetch(`${h.baseUrl}/api/recordings?${query}`, { headers: mod.session.headers() });
const listedCount = async () =>
  (await h.ctx.db.selectFrom('audit_events').select('seq').where('action', '=', 'recordings.listed').execute()).length;

describe('GET /api/recordings date range', () => {
  it('answers 400 bad_date_range when from is after to, and logs no listing', async () => {
    const before = await listedCount();
    await expectError(await list('from=2026-11-21&to=2026-11-20'), 400, 'bad_date_range');
    expect(await listedCount()).toBe(before);
  });

  it('takes a one-day range (from = to) and open-ended ranges', async () => {
    for (const query of ['from=2026-11-20&to=2026-11-20', 'from=2026-11-20', 'to=2026-11-20']) {
      const res = await list(query);
      expect(res.status, query).toBe(200);
      const body = (await res.json()) as { items: unknown[] };
      expect(body.items, query).toHaveLength(1);
    }
    const res = await list('from=2026-11-21&to=2026-11-22');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { items: unknown[] }).items).toHaveLength(0);
  });
});
