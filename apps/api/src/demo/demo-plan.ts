import type { ConductCategory, DecisionOutcome, Severity } from '@kura/contracts';
import type { DemoMediaKind } from './media/generate.ts';

// The demo world: deterministic, so every fresh start shows the same calls.

export const DEMO_AGENCIES = [
  { ref: 'agency-sakura', name: '桜タレント事務所' },
  { ref: 'agency-hoshizora', name: '星空プロダクション' },
  { ref: 'agency-aozora', name: '青空エージェンシー' },
] as const;

export const DEMO_CREATORS = [
  { ref: 'creator-hina', name: '日向 ひな', agency: 0 },
  { ref: 'creator-mio', name: '澪 みお', agency: 0 },
  { ref: 'creator-rin', name: '凛 りん', agency: 0 },
  { ref: 'creator-sora', name: '空 そら', agency: 1 },
  { ref: 'creator-yuzu', name: '柚 ゆず', agency: 1 },
  { ref: 'creator-kanon', name: '花音 かのん', agency: 1 },
  { ref: 'creator-aoi', name: '葵 あおい', agency: 2 },
  { ref: 'creator-nagi', name: '凪 なぎ', agency: 2 },
] as const;

export interface DemoCall {
  ref: string;
  creator: number;
  userRef: string;
  startedAt: Date;
  seconds: number;
  kind: DemoMediaKind;
  seed: number;
}

export interface DemoReport {
  callIndex: number;
  reporter: 'user' | 'creator' | 'system';
  category: ConductCategory;
  note?: string;
  atSeconds?: number;
}

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KIND_AT: Record<number, DemoMediaKind> = { 7: 'webm', 13: 'audio', 21: 'webm' };

export function demoCalls(count: number, now: Date): DemoCall[] {
  const rand = prng(20261125);
  const calls: DemoCall[] = [];
  for (let i = 0; i < count; i++) {
    const hoursAgo = 2 + Math.floor(rand() * 14 * 24);
    const startedAt = new Date(now.getTime() - hoursAgo * 3_600_000);
    startedAt.setUTCSeconds(0, 0);
    calls.push({
      ref: `call-demo-${String(i + 1).padStart(3, '0')}`,
      creator: i % DEMO_CREATORS.length,
      userRef: `u-${(0x1000 + Math.floor(rand() * 0xe000)).toString(16)}`,
      startedAt,
      seconds: 10 + Math.floor(rand() * 51),
      kind: KIND_AT[i] ?? 'mp4',
      seed: i + 1,
    });
  }
  return calls;
}

export const DEMO_REPORTS: DemoReport[] = [
  { callIndex: 0, reporter: 'creator', category: 'harassment', note: '通話中に暴言が繰り返された', atSeconds: 5 },
  { callIndex: 2, reporter: 'creator', category: 'contact_exchange', note: 'LINE IDを聞かれた', atSeconds: 12 },
  { callIndex: 4, reporter: 'system', category: 'sexual_content', atSeconds: 8 },
  { callIndex: 6, reporter: 'user', category: 'fraud', note: '外部決済への誘導があったとの申告' },
  { callIndex: 7, reporter: 'creator', category: 'unauthorised_recording', note: '画面を撮影している様子', atSeconds: 3 },
  { callIndex: 9, reporter: 'creator', category: 'threats_violence', note: '「家まで行く」との発言', atSeconds: 20 },
  { callIndex: 13, reporter: 'system', category: 'minor_involvement', note: '年齢確認が必要' },
  { callIndex: 15, reporter: 'creator', category: 'hate', atSeconds: 9 },
  { callIndex: 18, reporter: 'user', category: 'other', note: '配信者側の音声トラブルについての申告' },
  { callIndex: 0, reporter: 'system', category: 'harassment', note: '同一ユーザーからの2件目の報告', atSeconds: 30 },
  { callIndex: 20, reporter: 'user', category: 'harassment', note: '配信者から強い口調で叱責された', atSeconds: 3 },
];

// ---- the review workflow's demo: more reports, sampled calls, flags, decisions, a hold ---------

/** Calls opened by random sampling in the demo (they have no reports). */
export const DEMO_SAMPLED = [3, 11, 24] as const;

const EXTRA_REPORTS: { reporter: DemoReport['reporter']; category: ConductCategory; note?: string }[] = [
  { reporter: 'creator', category: 'harassment', note: '容姿について執拗に言及された' },
  { reporter: 'creator', category: 'contact_exchange', note: 'InstagramのIDを教えるよう求められた' },
  { reporter: 'system', category: 'sexual_content' },
  { reporter: 'user', category: 'fraud', note: '別の決済方法を案内された' },
  { reporter: 'creator', category: 'threats_violence', note: '「覚えておけ」と言われた' },
  { reporter: 'creator', category: 'hate' },
  { reporter: 'user', category: 'harassment', note: '配信者から強い口調で叱責された' },
  { reporter: 'creator', category: 'unauthorised_recording', note: 'スマートフォンで撮影している様子' },
  { reporter: 'system', category: 'contact_exchange', note: '通話中に電話番号らしき数字列を検出' },
  { reporter: 'creator', category: 'other', note: '通話の途中で無言が続いた' },
];

/**
 * Every demo report: the hand-written ones, then more spread over the calls (never on the sampled
 * ones), so the queue has items with one report and items with several.
 */
export function demoReports(calls: DemoCall[]): DemoReport[] {
  const rand = prng(20261202);
  const extra: DemoReport[] = [];
  const eligible = calls.map((_, i) => i).filter((i) => !(DEMO_SAMPLED as readonly number[]).includes(i));
  for (let n = 0; extra.length < 54; n++) {
    const callIndex = eligible[Math.floor(rand() * eligible.length)]!;
    const t = EXTRA_REPORTS[n % EXTRA_REPORTS.length]!;
    const call = calls[callIndex]!;
    extra.push({ callIndex, ...t, atSeconds: Math.floor(rand() * call.seconds) });
  }
  return [...DEMO_REPORTS, ...extra];
}

export interface DemoFlag {
  category: ConductCategory;
  severity: Severity;
  /** Seconds into the call; the seed clamps them to the call's length. */
  startS: number;
  endS: number;
  note?: string;
}

export interface DemoDecision {
  callIndex: number;
  by: 'moderator' | 'lead';
  outcome: DecisionOutcome;
  suspendDays?: number;
  rationale: string;
  flags: DemoFlag[];
  /** A lead reopens the decision with this reason and decides again. */
  reopen?: { reason: string; outcome: DecisionOutcome; rationale: string };
}

/** One decision of every outcome (and one reopened), on calls that have reports. */
export const DEMO_DECISIONS: DemoDecision[] = [
  {
    callIndex: 18,
    by: 'moderator',
    outcome: 'no_violation',
    rationale: '音声の不具合のみで、禁止行為は確認できなかった',
    flags: [],
  },
  {
    callIndex: 2,
    by: 'moderator',
    outcome: 'warn_user',
    rationale: '連絡先の交換を求める発言を確認。初回のため警告',
    flags: [{ category: 'contact_exchange', severity: 'medium', startS: 8, endS: 14, note: 'LINE IDを尋ねている' }],
  },
  {
    callIndex: 20,
    by: 'moderator',
    outcome: 'warn_creator',
    rationale: '配信者側の威圧的な発言を確認。事務所経由で注意',
    flags: [{ category: 'harassment', severity: 'low', startS: 2, endS: 6 }],
  },
  {
    callIndex: 4,
    by: 'lead',
    outcome: 'suspend_user',
    suspendDays: 14,
    rationale: '性的な要求を繰り返しているため14日間の利用停止',
    flags: [
      { category: 'sexual_content', severity: 'high', startS: 4, endS: 9 },
      { category: 'sexual_content', severity: 'medium', startS: 12, endS: 16 },
    ],
  },
  {
    callIndex: 9,
    by: 'lead',
    outcome: 'ban_user',
    rationale: '具体的な危害の予告があり、アカウントを停止',
    flags: [{ category: 'threats_violence', severity: 'critical', startS: 18, endS: 24, note: '「家まで行く」' }],
  },
  {
    callIndex: 6,
    by: 'moderator',
    outcome: 'refer_to_agency',
    rationale: '外部決済への誘導。配信者の所属事務所へ共有して確認を依頼',
    flags: [{ category: 'fraud', severity: 'high', startS: 3, endS: 10 }],
    reopen: {
      reason: '事務所から、誘導はユーザー側からだったとの回答',
      outcome: 'warn_user',
      rationale: '事務所の回答を踏まえ、ユーザーへの警告に変更',
    },
  },
  {
    callIndex: 13,
    by: 'moderator',
    outcome: 'escalate',
    rationale: '未成年の可能性があり、リードの判断が必要',
    flags: [{ category: 'minor_involvement', severity: 'high', startS: 1, endS: 5 }],
  },
];

/** A legal hold on the banned user's call. */
export const DEMO_HOLD = { callIndex: 9, reason: '警察からの照会に備えて記録を保全' } as const;
