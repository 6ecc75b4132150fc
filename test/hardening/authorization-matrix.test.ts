import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../apps/api/src/app.ts';
import { CAN_SEE_RECORDINGS } from '../../apps/api/src/services/access/policy.ts';
import { disableStaffUser } from '../../apps/api/src/services/auth/staff-users.ts';
import { bearer, createHarness, type Harness } from '../support/harness.ts';
import { callApi } from '../support/http-calls.ts';
import { insertFlag, seedItem } from '../support/review.ts';
import { grantAccess, seedProcessedRecording, staffSession, type StaffSession } from '../support/seed-recording.ts';
import { AgencyClient, createApprovedPacket, createLink, LINK_BODY } from '../support/shared-packet.ts';
import { createStaff } from '../support/staff.ts';
import { figure } from './support/figures.ts';
import { expectedOutcome, ROUTE_EXPECTATIONS, type CallerKind, type Ids } from './support/matrix-table.ts';

// Every route of createApp × every kind of caller → the one expected answer. The routes come from
// the app's own route table, so a route without a line in matrix-table.ts fails here by name.
// A refusal must match exactly (status and error code); an allowed call must get past the gate.
// Refusals met by outside callers are also asked with made-up ids: a denied item and a missing
// one must look the same.

const ADMIN = { type: 'system', id: 'test' } as const;

interface Caller {
  name: string;
  kind: CallerKind;
  headers: Record<string, string>;
  /** The share token this caller puts in /v1/share/{token} paths. */
  token: string;
  /** Body for POST /v1/share/{token}/session. */
  sessionBody?: unknown;
}

let h: Harness;
let consoleDir: string;
let ids: Ids;
let callers: Caller[];

beforeAll(async () => {
  consoleDir = await mkdtemp(path.join(os.tmpdir(), 'kura-matrix-console-'));
  await writeFile(path.join(consoleDir, 'index.html'), '<!doctype html><title>Kura</title>');
  await writeFile(path.join(consoleDir, 'share.html'), '<!doctype html><title>Kura share</title>');
  // The agency limits are their own tests' subject; here they would only cut the matrix short.
  h = await createHarness({ shareRequestsPerMinute: 1_000_000 }, { consoleDir });

  const rec = await seedProcessedRecording(h);
  const moderator = await staffSession(h, ['moderator']);
  const lead = await staffSession(h, ['lead']);
  const admin = await staffSession(h, ['admin']);
  const auditor = await staffSession(h, ['auditor']);
  const everyRole = ['moderator', 'lead', 'admin', 'auditor'] as const;

  const packet = await createApprovedPacket(h);
  const readyPacket = await createApprovedPacket(h, { status: 'ready' });
  const withGrants = async (s: StaffSession) => {
    for (const id of [rec.recordingId, packet.recordingId]) await grantAccess(h, s.session, id);
    return s;
  };
  await withGrants(moderator);
  await withGrants(lead);

  // Agency links in every state.
  const valid = await createLink(h, lead, packet.packetId);
  const validAgency = new AgencyClient(h, valid.token);
  expect((await validAgency.startSession()).status).toBe(200);

  const otherPacket = await createApprovedPacket(h);
  const otherAgency = new AgencyClient(h, (await createLink(h, lead, otherPacket.packetId)).token);
  expect((await otherAgency.startSession()).status).toBe(200);

  const expiredLink = await createLink(h, lead, packet.packetId);
  const expiredAgency = new AgencyClient(h, expiredLink.token);
  expect((await expiredAgency.startSession()).status).toBe(200);
  await h.ctx.db
    .updateTable('share_links')
    .set({ expires_at: new Date(h.ctx.now().getTime() - 1000) })
    .where('id', '=', expiredLink.linkId)
    .execute();

  const revokedLink = await createLink(h, lead, packet.packetId);
  const revokedAgency = new AgencyClient(h, revokedLink.token);
  expect((await revokedAgency.startSession()).status).toBe(200);
  expect((await callApi(h, lead.session, 'POST', `/api/links/${revokedLink.linkId}/revoke`)).status).toBe(200);

  const cappedLink = await createLink(h, lead, packet.packetId, { ...LINK_BODY, viewCap: 1 });
  expect((await new AgencyClient(h, cappedLink.token).startSession()).status).toBe(200);

  const passLink = await createLink(h, lead, packet.packetId, { ...LINK_BODY, passphrase: 'the-right-passphrase-2026' });

  const t = valid.token;
  const tampered = `${t.slice(0, 10)}${t[10] === 'A' ? 'B' : 'A'}${t.slice(11)}`;

  // Staff whose session or grant no longer holds.
  const disabled = await withGrants(await staffSession(h, [...everyRole]));
  await disableStaffUser(h.ctx, disabled.email, ADMIN);
  const expiredSession = await withGrants(await staffSession(h, [...everyRole]));
  await h.ctx.db
    .updateTable('staff_sessions')
    .set({ expires_at: new Date(h.ctx.now().getTime() - 1000) })
    .where('user_id', '=', expiredSession.userId)
    .execute();
  const noCsrf = await withGrants(await staffSession(h, [...everyRole]));
  const wrongCsrf = await withGrants(await staffSession(h, [...everyRole]));
  const otherGrant = await staffSession(h, ['moderator']);
  const expiredGrant = await withGrants(await staffSession(h, ['moderator', 'lead']));
  await h.ctx.db
    .updateTable('access_grants')
    .set({ expires_at: new Date(h.ctx.now().getTime() - 1000) })
    .where('staff_user_id', '=', expiredGrant.userId)
    .execute();

  // What the allowed callers act on.
  const victim = await staffSession(h, ['moderator']);
  const victimSession = await h.ctx.db
    .selectFrom('staff_sessions')
    .select('id')
    .where('user_id', '=', victim.userId)
    .executeTakeFirstOrThrow();
  const loginUser = await createStaff(h, ['moderator']);
  const opened = await callApi(h, lead.session, 'POST', `/api/recordings/${rec.recordingId}/review-items`, {});
  expect(opened.status).toBe(201);
  const itemId = ((await opened.json()) as { id: string }).id;
  const decideItem = await seedItem(h, { reports: ['harassment'] });
  const hold = await callApi(h, lead.session, 'POST', `/api/recordings/${rec.recordingId}/holds`, { reason: '照会' });
  expect(hold.status).toBe(201);
  const holdId = ((await hold.json()) as { id: string }).id;

  ids = {
    recordingId: rec.recordingId,
    callRef: rec.callRef,
    userRef: `user-${rec.callRef}`,
    flagId: await insertFlag(h, { recordingId: rec.recordingId, authorId: moderator.userId, startMs: 0, endMs: 1000 }),
    retractFlagId: await insertFlag(h, { recordingId: rec.recordingId, authorId: moderator.userId, startMs: 0, endMs: 1000 }),
    holdId,
    itemId,
    decideItemId: decideItem.itemId!,
    packetId: packet.packetId,
    readyPacketId: readyPacket.packetId,
    clipId: packet.clips[0]!.id,
    linkId: (await createLink(h, lead, packet.packetId)).linkId,
    staffId: (await createStaff(h, ['moderator'])).userId,
    assigneeId: moderator.userId,
    victimSessionId: victimSession.id,
    loginEmail: loginUser.email,
    loginPassword: loginUser.password,
    recordingBytes: rec.bytes,
  };

  const staffCaller = (name: string, s: StaffSession, kind: Omit<Extract<CallerKind, { kind: 'staff' }>, 'kind'>): Caller => ({
    name,
    kind: { kind: 'staff', ...kind },
    headers:
      kind.csrf === 'right'
        ? s.session.headers()
        : kind.csrf === 'wrong'
          ? { cookie: s.session.cookie, 'x-csrf-token': randomBytes(32).toString('base64url') }
          : { cookie: s.session.cookie },
    token: t,
  });
  const agencyCaller = (
    name: string,
    state: Extract<CallerKind, { kind: 'agency' }>['state'],
    c: AgencyClient,
    token = c.token,
  ): Caller => ({
    name,
    kind: { kind: 'agency', state },
    headers: c.cookie ? { cookie: c.cookie } : {},
    token,
  });
  const live = { live: true, csrf: 'right' } as const;
  callers = [
    { name: 'anonymous', kind: { kind: 'anonymous' }, headers: {}, token: t },
    { name: 'call platform', kind: { kind: 'ingest', valid: true }, headers: bearer(), token: t },
    { name: 'wrong service token', kind: { kind: 'ingest', valid: false }, headers: bearer(randomBytes(24).toString('hex')), token: t },
    staffCaller('moderator', moderator, { roles: ['moderator'], grant: true, ...live }),
    staffCaller('lead', lead, { roles: ['lead'], grant: true, ...live }),
    staffCaller('admin', admin, { roles: ['admin'], grant: false, ...live }),
    staffCaller('auditor', auditor, { roles: ['auditor'], grant: false, ...live }),
    staffCaller('disabled user', disabled, { roles: [...everyRole], grant: true, live: false, csrf: 'right' }),
    staffCaller('expired session', expiredSession, { roles: [...everyRole], grant: true, live: false, csrf: 'right' }),
    staffCaller('no CSRF token', noCsrf, { roles: [...everyRole], grant: true, live: true, csrf: 'missing' }),
    staffCaller('wrong CSRF token', wrongCsrf, { roles: [...everyRole], grant: true, live: true, csrf: 'wrong' }),
    staffCaller("another moderator's grant", otherGrant, { roles: ['moderator'], grant: false, ...live }),
    staffCaller('expired grant', expiredGrant, { roles: ['moderator', 'lead'], grant: false, ...live }),
    agencyCaller('agency link: valid', 'valid', validAgency),
    agencyCaller('agency link: other packet', 'other-packet', otherAgency),
    agencyCaller('agency link: expired', 'expired', expiredAgency),
    agencyCaller('agency link: revoked', 'revoked', revokedAgency),
    agencyCaller('agency link: view cap reached', 'view-cap-reached', new AgencyClient(h, cappedLink.token)),
    {
      ...agencyCaller('agency link: wrong passphrase', 'wrong-passphrase', new AgencyClient(h, passLink.token)),
      sessionBody: { passphrase: 'a-wrong-passphrase-2026' },
    },
    agencyCaller('agency link: tampered token', 'tampered', validAgency, tampered),
  ];
}, 300_000);

afterAll(async () => {
  await h?.close();
  if (consoleDir) await rm(consoleDir, { recursive: true, force: true });
});

/** The route table of the app itself: "METHOD path", middleware (ALL) left out. */
function appRoutes(): string[] {
  const app = createApp(h.ctx, { consoleDir });
  return [...new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))].sort();
}

function missingIds(real: Ids): Ids {
  return {
    ...real,
    recordingId: randomUUID(),
    callRef: `call-${randomBytes(5).toString('hex')}`,
    userRef: `user-${randomBytes(5).toString('hex')}`,
    flagId: randomUUID(),
    retractFlagId: randomUUID(),
    holdId: randomUUID(),
    itemId: randomUUID(),
    decideItemId: randomUUID(),
    packetId: randomUUID(),
    readyPacketId: randomUUID(),
    clipId: randomUUID(),
    linkId: randomUUID(),
    staffId: randomUUID(),
    victimSessionId: randomUUID(),
  };
}

interface Answer {
  status: number;
  code: string | null;
  message?: string;
  /** Why the answer breaks the error contract, if it does. */
  shapeProblem: string | null;
}

async function send(method: string, key: string, caller: Caller, which: Ids): Promise<Answer> {
  const probe = ROUTE_EXPECTATIONS[key]!.probe(which, caller.token);
  const headers: Record<string, string> = { ...caller.headers, ...probe.headers };
  let body: Buffer | string | undefined;
  if (probe.raw) body = probe.raw;
  else if (probe.body !== undefined) {
    const b = key === 'POST /v1/share/:token/session' && caller.sessionBody ? caller.sessionBody : probe.body;
    body = JSON.stringify(b);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${h.baseUrl}${probe.path}`, { method, headers, body, signal: AbortSignal.timeout(60_000) });
  const text = await res.text();
  if (res.status < 400) return { status: res.status, code: null, shapeProblem: null };
  try {
    if (!(res.headers.get('content-type') ?? '').startsWith('application/json')) throw new Error('not JSON');
    const err = (JSON.parse(text) as { error?: { code?: unknown; message?: unknown; requestId?: unknown } }).error;
    if (typeof err?.code !== 'string' || typeof err.message !== 'string' || err.requestId !== res.headers.get('x-request-id')) {
      throw new Error('no {error:{code,message,requestId}}');
    }
    return { status: res.status, code: err.code, message: err.message, shapeProblem: null };
  } catch (e) {
    return { status: res.status, code: null, shapeProblem: `${(e as Error).message}: ${text.slice(0, 120)}` };
  }
}

/**
 * Staff who may list recordings know which ids exist, so a refusal that names a missing recording
 * tells them nothing new (the media routes look the recording up before asking for the role that may hold a grant).
 */
function seesRecordingIds(caller: Caller, key: string): boolean {
  const k = caller.kind;
  return k.kind === 'staff' && k.live && k.roles.some((r) => CAN_SEE_RECORDINGS.includes(r)) && key.includes(' /api/recordings/');
}

describe('authorization matrix', () => {
  it('every route of the app has a line in the table, and every line a route', () => {
    const routes = appRoutes();
    const withoutExpectation = routes.filter((r) => !(r in ROUTE_EXPECTATIONS));
    const stale = Object.keys(ROUTE_EXPECTATIONS).filter((k) => !routes.includes(k));
    expect({ 'route without expectation': withoutExpectation, 'expectation without route': stale }).toEqual({
      'route without expectation': [],
      'expectation without route': [],
    });
  });

  it('every route × every caller answers as expected: zero unexpected allows', async () => {
    const keys = appRoutes()
      .filter((k) => k in ROUTE_EXPECTATIONS)
      .sort((a, b) => (ROUTE_EXPECTATIONS[a]!.late ?? 0) - (ROUTE_EXPECTATIONS[b]!.late ?? 0));
    const missing = missingIds(ids);
    let cases = 0;
    let allows = 0;
    let refusals = 0;
    let probes = 0;
    const unexpected: string[] = [];
    const unexpectedAllows: string[] = [];
    const telling: string[] = [];

    for (const key of keys) {
      const method = key.split(' ')[0]!;
      const exp = ROUTE_EXPECTATIONS[key]!;
      // All callers of one route at once: the gate must hold under concurrency too, and the run stays short.
      const run = async (caller: Caller) => {
        const want = expectedOutcome(method, exp.gate, caller.kind);
        const got = await send(method, key, caller, ids);
        cases++;
        const label = `${key} as ${caller.name}`;
        if (got.status >= 500) unexpected.push(`${label}: ${got.status} (a 5xx)`);
        if (got.shapeProblem) unexpected.push(`${label}: ${got.status} ${got.shapeProblem}`);
        if (want === 'allow') {
          allows++;
          if (!exp.ok.includes(got.status)) {
            unexpected.push(`${label}: expected one of ${exp.ok.join('/')}, got ${got.status} ${got.code ?? ''} ${got.message ?? ''}`);
          }
          return;
        }
        refusals++;
        if (got.status !== want.status || got.code !== want.code) {
          const line = `${label}: expected ${want.status} ${want.code}, got ${got.status} ${got.code ?? ''}`;
          unexpected.push(line);
          if (got.status < 400) unexpectedAllows.push(line);
          return;
        }
        // A staff member with the role may learn that a recording exists (the list shows it); every other refusal must not tell.
        if (want.code === 'grant_required' || !key.includes(':') || seesRecordingIds(caller, key)) return;
        const probe = await send(method, key, caller, missing);
        probes++;
        if (probe.status !== want.status || probe.code !== want.code) {
          telling.push(`${label}: real id ${want.status} ${want.code}, made-up id ${probe.status} ${probe.code}`);
        }
      };
      if (exp.serial) for (const c of callers) await run(c);
      else await Promise.all(callers.map(run));
    }

    figure('authorization matrix: routes', keys.length);
    figure('authorization matrix: callers', callers.length);
    figure('authorization matrix: cases', cases);
    figure('authorization matrix: allows', allows);
    figure('authorization matrix: refusals', refusals);
    figure('authorization matrix: existence probes', probes);
    figure('authorization matrix: unexpected', unexpected.length);
    figure('authorization matrix: unexpected allows', unexpectedAllows.length);
    figure('authorization matrix: denied ≠ missing', telling.length);
    expect(unexpectedAllows).toEqual([]);
    expect(unexpected).toEqual([]);
    expect(telling).toEqual([]);
  }, 600_000);
});
