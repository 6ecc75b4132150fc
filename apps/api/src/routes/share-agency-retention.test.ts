import { describe, expect, it } from 'vitest';
import { createHarness } from '../../../../test/support/harness.ts';
import { callApi, jsonOf } from '../../../../test/support/http-calls.ts';
import { auditRows, expectError, staffSession } from '../../../../test/support/seed-recording.ts';
import { AgencyClient, createApprovedPacket, createLink } from '../../../../test/support/shared-packet.ts';
import { runRetention } from '../services/retention/run-retention.ts';

// A share link whose packet's clips retention has destroyed: the one caller told so (410) is a
// valid link of that packet; everyone else meets the uniform 404 of share-agency.test.ts.

describe('a clip destroyed by retention', () => {
  it('is 410 expired only to a valid link of its own packet; every other caller still gets the uniform 404', async () => {
    const h2 = await createHarness();
    try {
      const l = await staffSession(h2, ['lead']);
      const p = await createApprovedPacket(h2, { approver: l });
      const other = await createApprovedPacket(h2, { approver: l });
      const old = await createLink(h2, l, p.packetId);
      await createLink(h2, l, other.packetId);
      const oldAgency = new AgencyClient(h2, old.token);
      expect((await oldAgency.startSession()).status).toBe(200);

      // Past the clips' own year, every link long expired; the recordings themselves stay.
      h2.advance(366 * 86_400_000);
      await h2.ctx.db
        .updateTable('recordings')
        .set({ retain_until: new Date(h2.ctx.now().getTime() + 100 * 86_400_000) })
        .where('id', 'in', [p.recordingId, other.recordingId])
        .execute();
      const run = await runRetention(h2.ctx, { triggeredBy: 'test', retryDelaysMs: [1, 1] });
      if (run.status !== 'done') throw new Error('retention lock held');
      expect(run.report.clipsExpired).toBe(p.clips.length + other.clips.length);

      // A fresh link to the same packet, made after the clips were destroyed.
      const l2 = await staffSession(h2, ['lead']);
      const fresh = await createLink(h2, l2, p.packetId);
      const agency = new AgencyClient(h2, fresh.token);
      expect((await agency.startSession()).status).toBe(200);
      const before = (await auditRows(h2)).length;

      const gone = await agency.get(`/clips/${p.clips[0]!.id}`, { range: 'bytes=0-9' });
      await expectError(gone, 410, 'expired');
      // Another packet's destroyed clip, an unknown clip, the expired link: nothing beyond 404.
      await expectError(await agency.get(`/clips/${other.clips[0]!.id}`, { range: 'bytes=0-9' }), 404, 'not_found');
      await expectError(await agency.get('/clips/00000000-0000-4000-8000-000000000000'), 404, 'not_found');
      await expectError(await oldAgency.get(`/clips/${p.clips[0]!.id}`), 404, 'not_found');
      await jsonOf(await callApi(h2, l2.session, 'POST', `/api/links/${fresh.linkId}/revoke`), 200);
      await expectError(await agency.get(`/clips/${p.clips[0]!.id}`), 404, 'not_found');
      // No byte was read, so nothing was audited as a read.
      const reads = (await auditRows(h2)).slice(before).filter((e) => e.action.startsWith('share.clip') || e.action === 'share.downloaded');
      expect(reads).toEqual([]);
    } finally {
      await h2.close();
    }
  });
});
