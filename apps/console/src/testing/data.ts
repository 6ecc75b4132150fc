import type { AgencyDto, RecordingDetailDto, SessionResponse, StaffUserDto } from '@kura/contracts';

export const moderator: StaffUserDto = {
  id: 'staff-mod-1',
  email: 'mod@kura.test',
  displayName: '佐藤 花子',
  roles: ['moderator'],
};
export const auditor: StaffUserDto = {
  id: 'staff-aud-1',
  email: 'audit@kura.test',
  displayName: '鈴木 一郎',
  roles: ['auditor'],
};

export const lead: StaffUserDto = {
  id: 'staff-lead-1',
  email: 'lead@kura.test',
  displayName: '高橋 直子',
  roles: ['lead'],
};
export const admin: StaffUserDto = {
  id: 'staff-adm-1',
  email: 'admin@kura.test',
  displayName: '田中 誠',
  roles: ['admin'],
};

export const PASSWORD = 'correct horse battery staple';
export const sessionFor = (user: StaffUserDto): SessionResponse => ({ csrfToken: `csrf-${user.id}`, user });

export const agencies: AgencyDto[] = [
  { ref: 'ag-hoshi', name: '星プロダクション' },
  { ref: 'ag-tsuki', name: '月エンタテインメント' },
];

const [hoshi, tsuki] = agencies as [AgencyDto, AgencyDto];
const SHA = 'a3f1c2d4e5b60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00';

function recording(overrides: Partial<RecordingDetailDto> & { id: string; callRef: string }): RecordingDetailDto {
  return {
    creator: { ref: 'cr-aoi', name: '葵' },
    agency: hoshi,
    userRef: 'u-1001',
    startedAt: '2026-01-01T00:00:00Z',
    endedAt: '2026-01-01T00:12:34Z',
    durationMs: 754_000,
    state: 'ready',
    contentType: 'video/mp4',
    openReports: 0,
    bytes: 48_234_112,
    sha256: SHA,
    container: 'mov,mp4,m4a,3gp,3g2,mj2',
    videoCodec: 'h264',
    audioCodec: 'aac',
    width: 1280,
    height: 720,
    unplayableReason: null,
    mediaUrl: `/api/recordings/${overrides.id}/media`,
    thumbnails: {
      url: `/api/recordings/${overrides.id}/thumbnails`,
      frameCount: 4,
      frameWidth: 160,
      frameHeight: 90,
      intervalMs: 10_000,
    },
    reports: [],
    activeGrant: null,
    onHold: false,
    openReviewItemId: null,
    minor: false,
    holds: [],
    policies: {
      privacyPolicyVersion: '2020-12-18',
      retentionPolicyVersion: 'retention-v1',
      retainUntil: '2026-01-31T00:12:34Z',
      retentionReason: 'unflagged',
    },
    expiry: null,
    ...overrides,
  };
}

export const recordings: RecordingDetailDto[] = [
  recording({
    id: 'rec-1',
    callRef: 'CALL-0001',
    openReports: 2,
    reports: [
      {
        id: 'rep-1',
        reporter: 'user',
        category: 'contact_exchange',
        note: 'LINEのIDを聞かれた',
        atSeconds: 95,
        createdAt: '2026-01-01T01:00:00Z',
      },
      { id: 'rep-2', reporter: 'system', category: 'harassment', note: null, atSeconds: null, createdAt: '2026-01-01T02:00:00Z' },
    ],
  }),
  recording({
    id: 'rec-2',
    callRef: 'CALL-0002',
    creator: { ref: 'cr-ren', name: '蓮' },
    agency: tsuki,
    userRef: 'u-2002',
    startedAt: '2026-01-02T10:30:00Z',
    endedAt: '2026-01-02T10:40:00Z',
    durationMs: null,
    state: 'processing',
    bytes: null,
    sha256: null,
    container: null,
    videoCodec: null,
    audioCodec: null,
    width: null,
    height: null,
    thumbnails: null,
  }),
  recording({
    id: 'rec-3',
    callRef: 'CALL-0003',
    userRef: 'u-3003',
    startedAt: '2026-01-03T05:00:00Z',
    endedAt: '2026-01-03T05:01:00Z',
    durationMs: 60_000,
    state: 'unplayable',
    unplayableReason: 'moov atom not found',
    thumbnails: null,
    openReports: 1,
  }),
];
