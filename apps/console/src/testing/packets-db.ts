import type { CustodyEventDto, PacketDetailDto, ProvisionRecordDto } from '@kura/contracts';
import { buildCustody, buildPackets, buildProvisionRecords, buildShareLinks, type MockShareLink } from './packets-data';

/** A reply as the agency posted it (for assertions). */
export interface PostedReply {
  token: string;
  body: string;
  acknowledge: boolean;
}

/** The in-memory state behind the packet and share handlers; reset after every test. */
export interface PacketsDb {
  packets: PacketDetailDto[];
  custody: Map<string, CustodyEventDto[]>;
  provisionRecords: ProvisionRecordDto[];
  /** Page size of the lists when the caller sends no limit. */
  pageSize: number;
  /** Agency side: links by token, live sessions by token (expiry, ms), replies posted. */
  shareLinks: MockShareLink[];
  shareSessions: Map<string, number>;
  shareSessionMs: number;
  sharePosted: PostedReply[];
  seq: number;
  created: number;
  /** GETs of each packet so far (the cutting job advances with them). */
  reads: Map<string, number>;
}

function fresh(): PacketsDb {
  return {
    packets: buildPackets(),
    custody: buildCustody(),
    provisionRecords: buildProvisionRecords(),
    pageSize: 25,
    shareLinks: buildShareLinks(),
    shareSessions: new Map(),
    shareSessionMs: 10 * 60_000,
    sharePosted: [],
    seq: 1000,
    created: 0,
    reads: new Map(),
  };
}

export const packetsDb: PacketsDb = fresh();

export function resetPacketsDb(): void {
  Object.assign(packetsDb, fresh());
}
