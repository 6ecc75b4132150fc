import type { ConductCategory } from '@kura/contracts';
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
];
