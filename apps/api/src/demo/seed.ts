import { randomBytes } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Role } from '@kura/contracts';
import type { AppContext } from '../context.ts';
import { findStoredRecordingForCall } from '../repositories/db/recordings-repo.ts';
import { findCallByRef } from '../repositories/db/calls-repo.ts';
import { reportsForCall } from '../repositories/db/reports-repo.ts';
import { isDemoSeeded, markDemoSeeded } from '../repositories/db/demo-repo.ts';
import { recordAudit } from '../services/audit/audit-log.ts';
import type { AuditContext } from '../services/audit/events.ts';
import { addStaffUser } from '../services/auth/staff-users.ts';
import { fileReport } from '../services/ingest/file-report.ts';
import { ingestRecording } from '../services/ingest/ingest-recording.ts';
import { upsertCallFromPlatform } from '../services/ingest/upsert-call.ts';
import { DEMO_AGENCIES, DEMO_CREATORS, demoCalls, demoReports, type DemoCall } from './demo-plan.ts';
import { seedReviewDemo } from './review-demo.ts';
import { seedRightsDemo } from './rights-demo.ts';
import type { DemoLogin, DemoLoginsInfo } from './login-notice.ts';
import { generateDemoMedia } from './media/generate.ts';

export const DEMO_VERSION = 'demo-v2';
const DEMO_CALLS = 30;
const SEEDER: AuditContext = { actor: { type: 'service', id: 'demo-seed' } };

const DEMO_STAFF: { email: string; displayName: string; roles: Role[] }[] = [
  { email: 'moderator@kura.example', displayName: '佐藤 モデレーター', roles: ['moderator'] },
  { email: 'lead@kura.example', displayName: '鈴木 リード', roles: ['lead', 'moderator'] },
  { email: 'auditor@kura.example', displayName: '高橋 監査', roles: ['auditor'] },
  { email: 'admin@kura.example', displayName: '田中 管理者', roles: ['admin'] },
];

/**
 * Seeds the demo world through the same services the ingest API uses. Resumable: a call that
 * already has its recording or reports is skipped, so an interrupted first start finishes later.
 */
export async function seedDemo(
  ctx: AppContext,
  opts: { onProgress?: (done: number, total: number) => void } = {},
): Promise<{ seeded: boolean; logins: DemoLoginsInfo }> {
  const logins = await ensureDemoStaff(ctx);
  if (await isDemoSeeded(ctx.db, DEMO_VERSION)) return { seeded: false, logins };

  const calls = demoCalls(DEMO_CALLS, ctx.now());
  let done = 0;
  const queue = [...calls];
  // Two at a time: ffmpeg, encryption and the S3 server share two cores.
  await Promise.all(
    [0, 1].map(async () => {
      for (let call = queue.shift(); call; call = queue.shift()) {
        await seedCall(ctx, call);
        opts.onProgress?.(++done, calls.length);
      }
    }),
  );
  const reports = demoReports(calls);
  for (const r of reports) {
    const call = calls[r.callIndex]!;
    const row = await findCallByRef(ctx.db, call.ref);
    const existing = row ? await reportsForCall(ctx.db, row.id) : [];
    const same = (e: (typeof existing)[number]) =>
      e.category === r.category && e.reporter === r.reporter && e.note === (r.note ?? null) && e.at_seconds === (r.atSeconds ?? null);
    if (existing.some(same)) continue;
    await fileReport(ctx, SEEDER, { callRef: call.ref, reporter: r.reporter, category: r.category, note: r.note, atSeconds: r.atSeconds });
  }
  await seedReviewDemo(ctx, calls, SEEDER);
  await seedRightsDemo(ctx, calls, SEEDER);
  await recordAudit(
    ctx.db,
    SEEDER,
    { action: 'demo.seeded', subject: { type: 'demo', id: DEMO_VERSION }, details: { calls: calls.length, reports: reports.length } },
    ctx.now(),
  );
  await markDemoSeeded(ctx.db, DEMO_VERSION);
  return { seeded: true, logins };
}

async function seedCall(ctx: AppContext, call: DemoCall): Promise<void> {
  const creator = DEMO_CREATORS[call.creator]!;
  const agency = DEMO_AGENCIES[creator.agency]!;
  const endedAt = new Date(call.startedAt.getTime() + call.seconds * 1000);
  const { callId } = await upsertCallFromPlatform(ctx, SEEDER, call.ref, {
    creator: { ref: creator.ref, name: creator.name, agency: { ref: agency.ref, name: agency.name } },
    user: { ref: call.userRef },
    startedAt: call.startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
  });
  if (await findStoredRecordingForCall(ctx.db, callId)) return;
  const media = generateDemoMedia({ kind: call.kind, seconds: call.seconds, seed: call.seed });
  await Promise.all([ingestRecording(ctx, SEEDER, { callRef: call.ref, contentType: media.contentType, body: media.stream }), media.done]);
}

/**
 * Demo staff get random passwords, kept (0600) in the data folder for whoever runs the demo;
 * `created` says whether this run made them (and so may show them, once: demo/login-notice.ts).
 */
export async function ensureDemoStaff(ctx: AppContext): Promise<DemoLoginsInfo> {
  const file = path.join(ctx.config.dataDir, 'demo-logins.json');
  try {
    return { created: false, logins: JSON.parse(await readFile(file, 'utf8')) as DemoLogin[], file };
  } catch {
    // first run: create them below
  }
  const logins: DemoLogin[] = [];
  for (const s of DEMO_STAFF) {
    const password = `demo-${randomBytes(9).toString('base64url')}`;
    try {
      await addStaffUser(
        ctx,
        { email: s.email, displayName: s.displayName, roles: s.roles, password },
        { type: 'system', id: 'demo-seed' },
      );
      logins.push({ email: s.email, password, roles: s.roles });
    } catch (err) {
      if ((err as { code?: string }).code !== 'email_taken') throw err;
    }
  }
  const fh = await open(file, 'w', 0o600);
  await fh.writeFile(`${JSON.stringify(logins, null, 2)}\n`);
  await fh.close();
  return { created: true, logins, file };
}
