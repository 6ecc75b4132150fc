import type { ListRetentionRunsResponse, RecordingDetailDto, RetentionRunDetailDto, RetentionSettingsDto } from '@kura/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { callApi, jsonOf } from '../../../../test/support/http-calls.ts';
import { listKeys } from '../../../../test/support/media.ts';
import { createApprovedPacket } from '../../../../test/support/shared-packet.ts';
import {
  expectError,
  grantAccess,
  seedProcessedRecording,
  staffSession,
  type StaffSession,
} from '../../../../test/support/seed-recording.ts';
import { verifyChain } from '../services/audit/verify-chain.ts';
import { verifyReceipts } from '../services/retention/receipts.ts';
import { runRetention } from '../services/retention/run-retention.ts';

// /api/retention (settings, runs) and what every route answers once a recording has expired.

const DAY = 24 * 60 * 60 * 1000;
let h: Harness;
let admin: StaffSession;
let auditor: StaffSession;
let moderator: StaffSession;
let lead: StaffSession;

beforeAll(async () => {
  h = await createHarness();
  [admin, auditor, moderator, lead] = await Promise.all([
    staffSession(h, ['admin']),
    staffSession(h, ['auditor']),
    staffSession(h, ['moderator']),
    staffSession(h, ['lead']),
  ]);
});
afterAll(async () => {
  await h?.close();
});

describe('retention settings', () => {
  it('reads the DESIGN.md defaults; admins and auditors may read, only admins may change', async () => {
    const defaults = { unflaggedDays: 30, flaggedDays: 180, withdrawnDays: 7, packetClipDays: 365, cron: '0 * * * *', enabled: true };
    expect(await jsonOf<RetentionSettingsDto>(await callApi(h, admin.session, 'GET', '/api/retention/settings'), 200)).toEqual(defaults);
    expect(await jsonOf<RetentionSettingsDto>(await callApi(h, auditor.session, 'GET', '/api/retention/settings'), 200)).toEqual(defaults);
    for (const s of [moderator, lead]) await expectError(await callApi(h, s.session, 'GET', '/api/retention/settings'), 403, 'forbidden');
    for (const s of [moderator, lead, auditor]) {
      await expectError(await callApi(h, s.session, 'PUT', '/api/retention/settings', { enabled: false }), 403, 'forbidden');
    }
    await expectError(await callApi(h, null, 'GET', '/api/retention/settings'), 401, 'unauthorized');
    await expectError(await callApi(h, null, 'PUT', '/api/retention/settings', { enabled: false }), 401, 'unauthorized');
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    for (const body of [{}, { unflaggedDays: 0 }, { flaggedDays: 1.5 }, { cron: 'every hour' }, { cron: '99 * * * *' }, { surprise: 1 }]) {
      await expectError(await callApi(h, admin.session, 'PUT', '/api/retention/settings', body), 400, 'validation_failed');
    }
    const after = await jsonOf<RetentionSettingsDto>(await callApi(h, admin.session, 'GET', '/api/retention/settings'), 200);
    expect(after.cron).toBe('0 * * * *');
  });

  it('a change is audited (who, from, to) and applies to existing recordings', async () => {
    const rec = await seedProcessedRecording(h);
    const before = await h.ctx.db
      .selectFrom('recordings')
      .select('retain_until')
      .where('id', '=', rec.recordingId)
      .executeTakeFirstOrThrow();
    const next = await jsonOf<RetentionSettingsDto>(
      await callApi(h, admin.session, 'PUT', '/api/retention/settings', { unflaggedDays: 20, cron: '15 3 * * *' }),
      200,
    );
    expect(next).toMatchObject({ unflaggedDays: 20, cron: '15 3 * * *', flaggedDays: 180 });
    const after = await h.ctx.db
      .selectFrom('recordings')
      .select('retain_until')
      .where('id', '=', rec.recordingId)
      .executeTakeFirstOrThrow();
    expect(before.retain_until!.getTime() - after.retain_until!.getTime()).toBe(10 * DAY);
    const events = await h.ctx.db
      .selectFrom('audit_events')
      .select(['actor_id', 'subject_id', 'details'])
      .where('action', '=', 'settings.updated')
      .where('subject_id', 'like', 'retention.%')
      .orderBy('seq')
      .execute();
    expect(events).toEqual([
      { actor_id: admin.userId, subject_id: 'retention.unflagged_days', details: { from: 30, to: 20 } },
      { actor_id: admin.userId, subject_id: 'retention.cron', details: { from: '0 * * * *', to: '15 3 * * *' } },
    ]);
    await jsonOf(await callApi(h, admin.session, 'PUT', '/api/retention/settings', { unflaggedDays: 30, cron: '0 * * * *' }), 200);
  });
});

describe('after expiry', () => {
  it('media, thumbnails and clips answer 410 expired, the detail shows the tombstone, runs and receipts are readable', async () => {
    const rec = await seedProcessedRecording(h);
    await grantAccess(h, moderator.session, rec.recordingId);
    expect((await callApi(h, moderator.session, 'GET', `/api/recordings/${rec.recordingId}/media`)).status).toBe(200);
    const packet = await createApprovedPacket(h, { author: moderator, approver: lead });
    const keysBefore = await listKeys(h);
    h.advance(200 * DAY);
    const run = await runRetention(h.ctx, { triggeredBy: 'test' });
    if (run.status !== 'done') throw new Error('locked');
    // Sessions do not last 200 days: sign in again.
    [admin, auditor, moderator, lead] = await Promise.all([
      staffSession(h, ['admin']),
      staffSession(h, ['auditor']),
      staffSession(h, ['moderator']),
      staffSession(h, ['lead']),
    ]);
    expect(
      run.report.destroyed
        .filter((d) => d.recordingId === rec.recordingId)
        .map((d) => d.kind)
        .sort(),
    ).toEqual(['recording', 'thumbnail_strip']);
    // The packet was never shared: its clips go with their recording.
    expect(run.report.destroyed.filter((d) => d.packetId === packet.packetId)).toHaveLength(packet.clips.length);
    // Every tombstoned object was in the bucket before the run and is gone after it.
    const buried = (await h.ctx.db.selectFrom('tombstones').select('object_key').where('run_id', '=', run.runId).execute())
      .map((t) => t.object_key)
      .filter(Boolean);
    expect(buried.length).toBeGreaterThanOrEqual(2 + packet.clips.length);
    expect(buried.every((k) => keysBefore.includes(k))).toBe(true);
    const keysAfter = new Set(await listKeys(h));
    expect(buried.filter((k) => keysAfter.has(k))).toEqual([]);

    await expectError(await callApi(h, moderator.session, 'GET', `/api/recordings/${rec.recordingId}/media`), 410, 'expired');
    await expectError(await callApi(h, moderator.session, 'GET', `/api/recordings/${rec.recordingId}/thumbnails`), 410, 'expired');
    const clip = packet.clips[0]!;
    await expectError(await callApi(h, moderator.session, 'GET', `/api/packets/${packet.packetId}/clips/${clip.id}/media`), 410, 'expired');
    await expectError(
      await callApi(h, moderator.session, 'POST', `/api/recordings/${rec.recordingId}/access`, {
        purpose: 'deter_prohibited_conduct',
        reference: 'CASE-1',
      }),
      410,
      'expired',
    );
    await expectError(
      await callApi(h, lead.session, 'POST', `/api/recordings/${rec.recordingId}/holds`, { reason: 'late' }),
      410,
      'expired',
    );

    const detail = await jsonOf<RecordingDetailDto>(await callApi(h, moderator.session, 'GET', `/api/recordings/${rec.recordingId}`), 200);
    expect(detail.state).toBe('expired');
    expect(detail.thumbnails).toBeNull();
    expect(detail.expiry).toMatchObject({ reason: 'unflagged', runId: run.runId });
    expect(detail.expiry!.tombstones.map((t) => t.kind).sort()).toEqual(['recording', 'thumbnail_strip']);
    expect(detail.expiry!.tombstones.find((t) => t.kind === 'recording')!.sha256).toBe(detail.sha256);

    // Runs: admins and auditors read them; nobody else.
    const list = await jsonOf<ListRetentionRunsResponse>(await callApi(h, auditor.session, 'GET', '/api/retention/runs'), 200);
    expect(list.runs[0]).toMatchObject({ id: run.runId, seq: 1, status: 'done', dryRun: false, receiptHash: run.receiptHash });
    const one = await jsonOf<RetentionRunDetailDto>(await callApi(h, admin.session, 'GET', `/api/retention/runs/${run.runId}`), 200);
    expect(one.receipt).toMatchObject({ payload: { type: 'kura.retention-receipt/v1', seq: 1, previousReceiptHash: null } });
    for (const s of [moderator, lead]) {
      await expectError(await callApi(h, s.session, 'GET', '/api/retention/runs'), 403, 'forbidden');
      await expectError(await callApi(h, s.session, 'GET', `/api/retention/runs/${run.runId}`), 403, 'forbidden');
    }
    await expectError(await callApi(h, null, 'GET', '/api/retention/runs'), 401, 'unauthorized');
    await expectError(await callApi(h, admin.session, 'GET', '/api/retention/runs/not-a-uuid'), 404, 'not_found');
    await expectError(await callApi(h, admin.session, 'GET', `/api/retention/runs/${crypto.randomUUID()}`), 404, 'not_found');
    await expectError(await callApi(h, admin.session, 'GET', '/api/retention/runs?limit=0'), 400, 'validation_failed');

    expect((await verifyReceipts(h.ctx)).ok).toBe(true);
    expect((await verifyChain(h.ctx.db)).intact).toBe(true);
  });
});
