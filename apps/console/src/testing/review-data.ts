import type {
  AccountCallDto,
  AccountNoteDto,
  DecisionDto,
  FlagDto,
  HoldDto,
  RecordingDetailDto,
  ReviewItemDetailDto,
  StaffRefDto,
  StaffUserDto,
} from '@kura/contracts';
import { moderator, recordings } from './data';

// Review workflow fixtures for the msw API. Times are relative to "now" so ages read naturally.

/** UUIDs like the API's (request bodies are validated with the contracts' zod schemas). */
export const ids = {
  item1: '00000000-0000-4000-8000-000000000001',
  item2: '00000000-0000-4000-8000-000000000002',
  item3: '00000000-0000-4000-8000-000000000003',
  item4: '00000000-0000-4000-8000-000000000004',
  item5: '00000000-0000-4000-8000-000000000005',
  flag1: '00000000-0000-4000-8000-0000000000f1',
  flag2: '00000000-0000-4000-8000-0000000000f2',
  flag5: '00000000-0000-4000-8000-0000000000f5',
  decision5: '00000000-0000-4000-8000-0000000000d5',
  hold5: '00000000-0000-4000-8000-0000000000a5',
} as const;

export const lead: StaffUserDto = {
  id: 'staff-lead-1',
  email: 'lead@kura.test',
  displayName: '高橋 健',
  roles: ['lead'],
};

/** A second moderator, with a UUID id like the API's, for the assignee filter. */
export const otherModerator: StaffRefDto & { roles: ['moderator'] } = {
  id: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
  displayName: '伊藤 美咲',
  roles: ['moderator'],
};

export const ref = (user: Pick<StaffUserDto, 'id' | 'displayName'>): StaffRefDto => ({ id: user.id, displayName: user.displayName });

const ago = (now: number, minutes: number) => new Date(now - minutes * 60_000).toISOString();

/** Two more recordings (ready), so every queue item opens onto something playable. */
export function extraRecordings(): RecordingDetailDto[] {
  const base = recordings[0]!;
  return [
    {
      ...structuredClone(base),
      id: 'rec-4',
      callRef: 'CALL-0004',
      creator: { ref: 'cr-ren', name: '蓮' },
      agency: { ref: 'ag-tsuki', name: '月エンタテインメント' },
      userRef: 'u-4004',
      mediaUrl: '/api/recordings/rec-4/media',
      thumbnails: { ...base.thumbnails!, url: '/api/recordings/rec-4/thumbnails' },
      reports: [],
      openReports: 1,
      minor: true,
    },
    {
      ...structuredClone(base),
      id: 'rec-5',
      callRef: 'CALL-0005',
      userRef: 'u-5005',
      mediaUrl: '/api/recordings/rec-5/media',
      thumbnails: { ...base.thumbnails!, url: '/api/recordings/rec-5/thumbnails' },
      reports: [],
      openReports: 0,
      onHold: true,
    },
  ];
}

function flag(overrides: Partial<FlagDto> & Pick<FlagDto, 'id' | 'category' | 'severity' | 'startMs' | 'endMs'>, at: string): FlagDto {
  const base: FlagDto = {
    recordingId: 'rec-1',
    reviewItemId: ids.item1,
    note: null,
    author: ref(lead),
    version: 1,
    createdAt: at,
    updatedAt: at,
    retracted: null,
    history: [],
    ...overrides,
  };
  if (base.history.length === 0) {
    base.history = [
      {
        version: 1,
        category: base.category,
        severity: base.severity,
        startMs: base.startMs,
        endMs: base.endMs,
        note: base.note,
        editedBy: base.author,
        editedAt: at,
      },
    ];
  }
  return base;
}

/** The queue as the tests start it: ordered by priority, most urgent first. */
export function reviewItems(now: number): ReviewItemDetailDto[] {
  const [rec1] = recordings as [RecordingDetailDto];
  // A function: every item gets arrays of its own.
  const common = () => ({
    closedAt: null,
    openedBy: null,
    openNote: null,
    flags: [] as FlagDto[],
    decisions: [] as DecisionDto[],
    holds: [] as HoldDto[],
    claimExpiresAt: null,
    onHold: false,
    minor: false,
  });
  const hold: HoldDto = {
    id: ids.hold5,
    recordingId: 'rec-5',
    reason: '警察からの照会に備えて保全',
    placedBy: ref(lead),
    placedAt: ago(now, 60 * 24),
    released: null,
  };
  return [
    {
      ...common(),
      id: ids.item4,
      status: 'escalated',
      queue: 'leads',
      source: 'report',
      priority: 90,
      priorityBand: 'critical',
      priorityReasons: [
        { code: 'category', category: 'minor_involvement', points: 40 },
        { code: 'minor', points: 25 },
        { code: 'user_history', reports: 3, violations: 1, points: 19 },
        { code: 'reports', count: 2, points: 5 },
      ],
      categories: ['minor_involvement'],
      reportCount: 2,
      openedAt: ago(now, 50),
      call: { id: 'call-4', ref: 'CALL-0004', startedAt: ago(now, 120), endedAt: ago(now, 108) },
      recording: { id: 'rec-4', state: 'ready', durationMs: 754_000 },
      creator: { ref: 'cr-ren', name: '蓮' },
      agency: { ref: 'ag-tsuki', name: '月エンタテインメント' },
      userRef: 'u-4004',
      minor: true,
      assignee: null,
      reports: [
        {
          id: 'rep-41',
          reporter: 'creator',
          category: 'minor_involvement',
          note: '中学生だと言っていた',
          atSeconds: 30,
          createdAt: ago(now, 50),
        },
        { id: 'rep-42', reporter: 'system', category: 'minor_involvement', note: null, atSeconds: null, createdAt: ago(now, 45) },
      ],
    },
    {
      ...common(),
      id: ids.item1,
      status: 'open',
      queue: 'moderators',
      source: 'report',
      priority: 52,
      priorityBand: 'high',
      priorityReasons: [
        { code: 'category', category: 'harassment', points: 20 },
        { code: 'reports', count: 2, points: 5 },
        { code: 'user_history', reports: 3, violations: 1, points: 19 },
        { code: 'creator_history', reports: 4, violations: 0, points: 8 },
      ],
      categories: ['contact_exchange', 'harassment'],
      reportCount: 2,
      openedAt: ago(now, 3 * 60 + 12),
      call: { id: 'call-1', ref: rec1.callRef, startedAt: rec1.startedAt, endedAt: rec1.endedAt },
      recording: { id: 'rec-1', state: 'ready', durationMs: rec1.durationMs },
      creator: rec1.creator,
      agency: rec1.agency,
      userRef: rec1.userRef,
      assignee: null,
      reports: structuredClone(rec1.reports),
      flags: [
        flag(
          {
            id: ids.flag1,
            category: 'contact_exchange',
            severity: 'medium',
            startMs: 90_000,
            endMs: 97_500,
            note: 'LINE ID を口頭で伝えている',
          },
          ago(now, 90),
        ),
        flag(
          {
            id: ids.flag2,
            category: 'harassment',
            severity: 'low',
            startMs: 200_000,
            endMs: 204_000,
            retracted: { at: ago(now, 80), by: ref(lead), reason: '冗談の範囲と判断' },
          },
          ago(now, 85),
        ),
      ],
    },
    {
      ...common(),
      id: ids.item3,
      status: 'claimed',
      queue: 'moderators',
      source: 'report',
      priority: 30,
      priorityBand: 'medium',
      priorityReasons: [
        { code: 'category', category: 'fraud', points: 25 },
        { code: 'creator_history', reports: 2, violations: 0, points: 4 },
      ],
      categories: ['fraud'],
      reportCount: 1,
      openedAt: ago(now, 5 * 60),
      call: { id: 'call-3', ref: 'CALL-0003', startedAt: ago(now, 6 * 60), endedAt: ago(now, 6 * 60 - 1) },
      recording: { id: 'rec-3', state: 'unplayable', durationMs: 60_000 },
      creator: { ref: 'cr-aoi', name: '葵' },
      agency: { ref: 'ag-hoshi', name: '星プロダクション' },
      userRef: 'u-3003',
      assignee: ref(moderator),
      claimExpiresAt: new Date(now + 25 * 60_000).toISOString(),
      reports: [
        { id: 'rep-31', reporter: 'user', category: 'fraud', note: '外部の決済を求められた', atSeconds: 40, createdAt: ago(now, 5 * 60) },
      ],
    },
    {
      ...common(),
      id: ids.item2,
      status: 'open',
      queue: 'moderators',
      source: 'sample',
      priority: 5,
      priorityBand: 'low',
      priorityReasons: [{ code: 'sampled', points: 5 }],
      categories: [],
      reportCount: 0,
      openedAt: ago(now, 26 * 60),
      call: { id: 'call-2', ref: 'CALL-0002', startedAt: ago(now, 27 * 60), endedAt: ago(now, 27 * 60 - 10) },
      recording: { id: 'rec-2', state: 'processing', durationMs: null },
      creator: { ref: 'cr-ren', name: '蓮' },
      agency: { ref: 'ag-tsuki', name: '月エンタテインメント' },
      userRef: 'u-2002',
      assignee: null,
      reports: [],
    },
    {
      ...common(),
      id: ids.item5,
      status: 'closed',
      queue: 'moderators',
      source: 'staff',
      priority: 20,
      priorityBand: 'low',
      priorityReasons: [
        { code: 'staff_opened', points: 10 },
        { code: 'user_history', reports: 1, violations: 1, points: 10 },
      ],
      categories: [],
      reportCount: 0,
      openedAt: ago(now, 2 * 24 * 60),
      closedAt: ago(now, 24 * 60),
      call: { id: 'call-5', ref: 'CALL-0005', startedAt: ago(now, 3 * 24 * 60), endedAt: ago(now, 3 * 24 * 60 - 12) },
      recording: { id: 'rec-5', state: 'ready', durationMs: 754_000 },
      creator: { ref: 'cr-aoi', name: '葵' },
      agency: { ref: 'ag-hoshi', name: '星プロダクション' },
      userRef: 'u-5005',
      openedBy: ref(lead),
      openNote: '過去の警告後の様子を確認',
      assignee: null,
      onHold: true,
      holds: [hold],
      reports: [],
      flags: [
        flag(
          {
            id: ids.flag5,
            recordingId: 'rec-5',
            reviewItemId: ids.item5,
            category: 'sexual_content',
            severity: 'high',
            startMs: 10_000,
            endMs: 20_000,
          },
          ago(now, 25 * 60),
        ),
      ],
      decisions: [
        {
          id: ids.decision5,
          reviewItemId: ids.item5,
          outcome: 'warn_user',
          suspendDays: null,
          rationale: '性的な要求を繰り返したため警告',
          flagIds: [ids.flag5],
          policyVersion: 'conduct-2026-11',
          policyClauses: ['prohibited.2.sexual_content'],
          decidedBy: ref(moderator),
          decidedAt: ago(now, 24 * 60),
          reopened: null,
        },
      ],
    },
  ];
}

export function contextCalls(now: number): { user: AccountCallDto[]; creator: AccountCallDto[] } {
  return {
    user: [
      {
        callRef: 'CALL-0950',
        startedAt: ago(now, 10 * 24 * 60),
        recordingId: 'rec-950',
        reviewItemId: 'rvw-950',
        reportCount: 2,
        flagCount: 1,
        decisions: [{ outcome: 'warn_user', decidedAt: ago(now, 9 * 24 * 60) }],
      },
    ],
    creator: [
      {
        callRef: 'CALL-0777',
        startedAt: ago(now, 4 * 24 * 60),
        recordingId: 'rec-777',
        reviewItemId: null,
        reportCount: 0,
        flagCount: 0,
        decisions: [],
      },
    ],
  };
}

export function initialNotes(now: number): AccountNoteDto[] {
  return [{ id: 'note-1', body: '以前にも連絡先の交換を持ちかけている', author: ref(lead), createdAt: ago(now, 9 * 24 * 60) }];
}
