import { describe, expect, it } from 'vitest';
import type { DbOrTx } from '@kura/db';
import { queueNames } from '../lib/job-queues.ts';
import { enqueueJob } from '../repositories/db/jobs-repo.ts';
import { jobHandlers } from './catalogue.ts';
import { assertCatalogueComplete } from './worker.ts';

describe('the job catalogue', () => {
  it('has a handler for every queue, and the check names what is missing or unknown', () => {
    expect(() => assertCatalogueComplete(jobHandlers)).not.toThrow();
    expect(Object.keys(jobHandlers).sort()).toEqual([...queueNames].sort());
    const { 'objects.sweep': _dropped, ...partial } = jobHandlers;
    expect(() => assertCatalogueComplete(partial)).toThrow(/no handler for objects\.sweep/);
    expect(() => assertCatalogueComplete({ ...jobHandlers, 'recording.procss': async () => {} })).toThrow(
      /unknown queue recording\.procss/,
    );
  });

  it('refuses, at compile time, a queue name or payload that the catalogue does not have', () => {
    // Never called: the type checker (part of the test command) is what this test exercises.
    const typeOnly = (db: DbOrTx) => {
      // @ts-expect-error a misspelt queue is a type error, not a silent no-op
      void enqueueJob(db, 'recording.procss', { recordingId: 'x' });
      // @ts-expect-error the payload must match the queue's schema
      void enqueueJob(db, 'recording.process', { id: 'x' });
    };
    expect(typeof typeOnly).toBe('function');
  });
});
