import type { ChunkScheduler } from '@kura/vault';

/**
 * Bulk streaming yields to everything else on the event loop.
 *
 * One event loop serves every read at once. Left to itself, each turn of the loop decrypts and
 * writes whatever each stream received since the last one, and whatever else arrived meanwhile
 * waits behind all of it: a new request, PostgreSQL's answer to a lookup or an audit commit, and
 * a new connection (libuv accepts one per turn). With 50 players on two cores that made turns of
 * 50–80 ms and a median first byte of 240 ms, four sequential waits of a turn each
 * (test/bench/README.md, eighth round).
 *
 * So bulk work is handed to a Pacer, which runs it at once while the current turn has spent less
 * than its budget on bulk, and otherwise queues it for the next turn (a setImmediate), in the
 * order it came. A turn always runs at least one queued piece, so a stream always progresses; the
 * queue stays short because a stream whose piece waits stops reading (back-pressure), and so stops
 * its S3 socket. What is never paced is the first segment of a read: that is what a player that
 * has just sought is waiting for.
 */
export class Pacer {
  private readonly waiting: Array<() => void> = [];
  /** When this turn's bulk work began; -1 until the turn has run any. */
  private turnStart = -1;
  private scheduled = false;

  constructor(
    private readonly budgetMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Runs `work` now if the turn's budget allows and nothing is queued before it, else later. */
  run(work: () => void): void {
    if (this.waiting.length === 0 && this.withinBudget()) work();
    else {
      this.waiting.push(work);
      this.schedule();
    }
  }

  /** Pieces queued for a later turn (the tests read it). */
  get queued(): number {
    return this.waiting.length;
  }

  private withinBudget(): boolean {
    if (this.turnStart < 0) {
      this.turnStart = this.now();
      // The budget is per turn: it starts again once this turn's poll phase is over.
      this.schedule();
      return true;
    }
    return this.now() - this.turnStart < this.budgetMs;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.nextTurn);
  }

  private readonly nextTurn = (): void => {
    this.scheduled = false;
    this.turnStart = -1;
    while (this.waiting.length > 0) {
      if (!this.withinBudget()) return; // withinBudget scheduled the turn after this one
      this.waiting.shift()!();
    }
  };
}

/**
 * 1 ms of bulk work per turn: with 50 players on two cores, turns of 4–8 ms, against 20–28 ms at
 * 4 ms and 50–80 ms unpaced, at the same throughput (eighth round).
 */
export const bulkPacer = new Pacer(1);

/**
 * A decrypting stream's chunk scheduler (@kura/vault's ChunkScheduler): the first `unpacedBytes`
 * of input are worked at once, the rest through `pacer`. The work of a chunk is decrypting it and
 * everything its plaintext drives synchronously (the socket write), so the whole chain is paced,
 * without a stream stage of its own: one fewer stage per read than the Transform this replaced
 * (test/bench/README.md, tenth round).
 */
export function pacedChunks(unpacedBytes: number, pacer: Pacer = bulkPacer): ChunkScheduler {
  let unpaced = unpacedBytes;
  return (chunk, work) => {
    if (unpaced > 0) {
      unpaced -= chunk.length;
      work();
    } else pacer.run(work);
  };
}
