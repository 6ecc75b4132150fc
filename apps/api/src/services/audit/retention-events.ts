// Audit events of the retention job: what it destroyed (one event per recording or packet) and
// each run's sealed receipt.

export type RetentionAuditEvent =
  | {
      action: 'retention.expired';
      subject: { type: 'recording'; id: string };
      details: { runId: string; reason: string; objects: number; storedBytes: number };
    }
  | {
      action: 'retention.clips_expired';
      subject: { type: 'packet'; id: string };
      details: { runId: string; clipIds: string[]; storedBytes: number };
    }
  | {
      action: 'retention.ran';
      subject: { type: 'retention_run'; id: string };
      details: {
        seq: number;
        receiptHash: string;
        expired: number;
        clipsExpired: number;
        bytesFreed: number;
        heldBack: Record<string, number>;
        errors: number;
        deletionRequests: { done: number; refused: number };
      };
    };
