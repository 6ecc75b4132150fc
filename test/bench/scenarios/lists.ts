import { sql } from 'kysely';
import { timedGet } from '../lib/http.ts';
import type { Scenario } from '../lib/scenario.ts';
import { summarize, type ResultRow } from '../lib/stats.ts';

const CONCURRENCY = 100;

/**
 * The review queue, the recordings list and the audit log with filters, over data generated in SQL
 * (generate_series) at the sizes (full run) or a twentieth of them (--quick), 100
 * requests in flight at once. Absolute target, no baseline; `GET /api/auth/session` (session
 * lookup only) at the same concurrency shows the floor the server itself sets.
 */
export const lists: Scenario = {
  name: 'lists',
  about: 'queue, recordings and audit lists with filters at scale (data generated in SQL), 100 concurrent requests',
  async run(stack, o) {
    const scale = o.quick
      ? { recordings: 50_000, reviewItems: 10_000, auditEvents: 500_000 }
      : { recordings: 1_000_000, reviewItems: 200_000, auditEvents: 10_000_000 };
    const t = performance.now();
    await generate(stack.ctx.db, scale);
    o.log(
      `  generated ${scale.recordings} recordings, ${scale.reviewItems} review items, ${scale.auditEvents} audit events in ${((performance.now() - t) / 1000).toFixed(0)} s`,
    );
    const lead = await stack.staffSession(['lead']);
    const auditor = await stack.staffSession(['auditor']);
    const base = stack.server.url;
    const queries: { label: string; url: string; cookie: string }[] = [
      { label: 'session only (floor)', url: `${base}/api/auth/session`, cookie: lead.cookie },
      { label: 'review queue, open, by priority', url: `${base}/api/review-items?status=open`, cookie: lead.cookie },
      {
        label: 'review queue, open, category + agency',
        url: `${base}/api/review-items?status=open&category=harassment&agency=gen-agency-7`,
        cookie: lead.cookie,
      },
      {
        label: 'recordings, ready, one Tokyo week',
        url: `${base}/api/recordings?state=ready&from=2026-03-01&to=2026-03-07`,
        cookie: lead.cookie,
      },
      { label: 'recordings, by agency', url: `${base}/api/recordings?agency=gen-agency-3`, cookie: lead.cookie },
      { label: 'audit log, newest', url: `${base}/api/audit/events`, cookie: auditor.cookie },
      { label: 'audit log, media.read', url: `${base}/api/audit/events?action=media.read`, cookie: auditor.cookie },
    ];
    const perQuery = o.quick ? 500 : 2_000;
    const rows: ResultRow[] = [];
    for (const q of queries) {
      const first = await timedGet(q.url, { cookie: q.cookie });
      if (first.status !== 200) throw new Error(`${q.label}: ${first.status}`);
      const times: number[] = [];
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next++ < perQuery) {
            const r = await timedGet(q.url, { cookie: q.cookie });
            if (r.status !== 200) throw new Error(`${q.label}: ${r.status}`);
            times.push(r.total);
          }
        }),
      );
      const rate = perQuery / ((performance.now() - t0) / 1000);
      const s = summarize(times);
      o.log(`  ${q.label}: p50 ${s.median.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, ${rate.toFixed(0)} req/s`);
      rows.push({
        scenario: 'lists',
        metric: `${q.label}, ${CONCURRENCY} concurrent`,
        unit: 'ms',
        kura: s,
        baseline: null,
        ratio: null,
        target: 'p99 < 50 ms',
        pass: s.p99 < 50,
        note: `p99 ${s.p99.toFixed(1)} ms; ${rate.toFixed(0)} req/s; ${o.quick ? 'quick sizes: ' : ''}${scale.recordings} recordings, ${scale.reviewItems} review items, ${scale.auditEvents} audit events`,
      });
    }
    return rows;
  },
};

/**
 * Agencies, creators, users, calls, recordings (most ready, a few processing or unplayable),
 * review items (40 % open) with a report each, and audit events after the existing chain. The
 * generated events are not a valid chain (their hashes are random): they exist to be listed.
 */
async function generate(db: import('@kura/db').Db, n: { recordings: number; reviewItems: number; auditEvents: number }): Promise<void> {
  await sql`insert into agencies (ref, name) select 'gen-agency-' || g, 'Agency ' || g from generate_series(1, 50) g`.execute(db);
  await sql`with a as (select array_agg(id order by id) ids from agencies where ref like 'gen-agency-%')
    insert into creators (ref, name, agency_id) select 'gen-creator-' || g, 'Creator ' || g, a.ids[1 + g % 50] from generate_series(1, 5000) g, a`.execute(
    db,
  );
  await sql`insert into platform_users (ref, is_minor) select 'gen-user-' || g, g % 97 = 0 from generate_series(1, 200000) g`.execute(db);
  await sql`with c as (select array_agg(id order by id) ids from creators where ref like 'gen-creator-%'),
      u as (select array_agg(id order by id) ids from platform_users where ref like 'gen-user-%')
    insert into calls (ref, creator_id, user_id, started_at, ended_at)
    select 'gen-call-' || g, c.ids[1 + g % 5000], u.ids[1 + g % 200000],
           timestamptz '2026-01-01 00:00+09' + g * interval '20 seconds', timestamptz '2026-01-01 00:05+09' + g * interval '20 seconds'
    from generate_series(1, ${n.recordings}) g, c, u`.execute(db);
  await sql`insert into recordings (id, call_id, state, object_key, content_type, plaintext_bytes, stored_bytes, sha256, wrapped_dek, kek_id,
      segment_log2, krv1_header, duration_ms, container, retain_until, policy_version, upload_started_at, uploaded_at, created_at, updated_at)
    select gen_random_uuid(), c.id, case when r < 0.01 then 'processing' when r < 0.03 then 'unplayable' else 'ready' end,
           'gen/' || c.id, 'video/mp4', 100000000, 100001600, md5(c.ref), '\\x00'::bytea, 'gen', 16, '\\x00'::bytea, 300000, 'mp4',
           c.started_at + interval '90 days', 'gen', c.ended_at, c.ended_at, c.ended_at, c.ended_at
    from (select id, ref, started_at, ended_at, random() r from calls where ref like 'gen-call-%') c`.execute(db);
  await sql`insert into review_items (call_id, status, opened_at, closed_at, source, priority, categories)
    select c.id, case when c.g % 5 < 2 then 'open' else 'closed' end, c.ended_at + interval '10 minutes',
           case when c.g % 5 < 2 then null else c.ended_at + interval '1 day' end,
           case when c.g % 50 = 0 then 'sample' else 'report' end, (c.g * 37) % 101,
           array[(array['harassment','sexual_content','contact_exchange','threats_violence','fraud','hate','other'])[1 + c.g % 7]]
    from (select id, ended_at, row_number() over (order by started_at) g from calls where ref like 'gen-call-%') c
    where c.g <= ${n.reviewItems}`.execute(db);
  await sql`insert into reports (call_id, review_item_id, reporter, category)
    select call_id, id, 'user', categories[1] from review_items where source = 'report'`.execute(db);
  await sql`insert into audit_events (seq, occurred_at, actor_type, actor_id, action, subject_type, subject_id, purpose, request_id, details, prev_hash, hash)
    select m.seq + g, now() - (${n.auditEvents} - g) * interval '1 millisecond', 'staff', 'gen-staff-' || (g % 40), 'media.read', 'recording',
           'gen-recording-' || (g % 100000), 'deter_prohibited_conduct', null,
           jsonb_build_object('range', jsonb_build_object('start', 0, 'end', 1048575), 'bytes', 1048576), md5(g::text) || md5(g::text), md5((g + 1)::text) || md5((g + 1)::text)
    from generate_series(1, ${n.auditEvents}) g, (select coalesce(max(seq), 0) seq from audit_events) m`.execute(db);
  await sql`analyze`.execute(db);
}
