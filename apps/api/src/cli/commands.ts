import type { ParseArgsConfig } from 'node:util';
import { roles, type Role } from '@kura/contracts';
import type { Booted } from '../bootstrap.ts';
import { demoLoginLines } from '../demo/login-notice.ts';
import { seedDemo } from '../demo/seed.ts';
import { jobHandlers } from '../jobs/catalogue.ts';
import { Worker } from '../jobs/worker.ts';
import { startMetricsServer } from '../server.ts';
import type { Actor } from '../services/audit/events.ts';
import { CHECKPOINT_PREFIX } from '../services/audit/checkpoint-objects.ts';
import { verifyForOperator } from '../services/audit/verify-checkpoints.ts';
import { writeCheckpoint } from '../services/audit/write-checkpoint.ts';
import { addStaffUser, disableStaffUser } from '../services/auth/staff-users.ts';
import { rotateKeys } from '../services/keys/rotate-keys.ts';
import { verifyReceipts } from '../services/retention/receipts.ts';
import { runRetention } from '../services/retention/run-retention.ts';
import { rotateSigningKey } from '../services/signing/signing-keys.ts';
import type { CliIo } from './io.ts';
import { offlineCommands } from './offline-commands.ts';

type Values = Record<string, string | boolean | undefined>;

export interface Command {
  summary: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(booted: Booted, values: Values, io: CliIo): Promise<number>;
}

const CLI: Actor = { type: 'system', id: 'cli' };

export const commands: Record<string, Command> = {
  'keys rotate': {
    summary: 'add a new active KEK to the key ring and re-wrap every DEK (resumes an unfinished rotation)',
    options: { 'batch-size': { type: 'string' } },
    async run({ ctx }, v, io) {
      const batchSize = v['batch-size'] ? Number(v['batch-size']) : undefined;
      if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1)) {
        io.err('--batch-size must be a positive integer');
        return 2;
      }
      const r = await rotateKeys(ctx, { actor: CLI }, { batchSize, onProgress: (n) => io.out(`  re-wrapped ${n}`) });
      io.out(
        `${r.resumed ? 'resumed' : 'started'} rotation to ${r.newKekId}: ${r.rewrapped} DEK(s) re-wrapped, ${r.finished ? 'finished' : 'not finished'}`,
      );
      return 0;
    },
  },
  'keys rotate-signing': {
    summary: 'add a new active signing key to the key ring; earlier keys stay and stay published',
    options: {},
    async run({ ctx }, _v, io) {
      const r = await rotateSigningKey(ctx, { actor: CLI });
      io.out(`signing key ${r.keyId} is now active${r.previousKeyId ? ` (was ${r.previousKeyId}, still published)` : ''}`);
      return 0;
    },
  },
  'demo seed': {
    summary: 'create demo staff and 30 demo calls with recordings and reports (once), then process them',
    options: {},
    async run({ ctx }, _v, io) {
      const { seeded, logins } = await seedDemo(ctx, { onProgress: (d, t) => io.out(`  demo calls ${d}/${t}`) });
      const processed = await new Worker(ctx, { handlers: jobHandlers }).drain();
      io.out(seeded ? `demo data seeded; ${processed} job(s) run` : 'demo data was already there');
      for (const line of demoLoginLines(logins)) io.out(line);
      return 0;
    },
  },
  'users add': {
    summary: 'add a staff user: --email E --role moderator[,lead…] [--name N] --password-stdin',
    options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
    async run({ ctx }, v, io) {
      if (typeof v.email !== 'string' || typeof v.role !== 'string' || !v['password-stdin']) {
        io.err('usage: kura users add --email E --role R[,R] [--name N] --password-stdin');
        return 2;
      }
      const wanted = v.role
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean);
      const unknown = wanted.filter((r) => !(roles as readonly string[]).includes(r));
      if (unknown.length) {
        io.err(`unknown role(s): ${unknown.join(', ')} (known: ${roles.join(', ')})`);
        return 2;
      }
      const password = (await io.readStdin()).replace(/\r?\n$/, '');
      const user = await addStaffUser(
        ctx,
        { email: v.email, displayName: typeof v.name === 'string' ? v.name : undefined, roles: wanted as Role[], password },
        CLI,
      );
      io.out(`added ${user.email} (${user.roles.join(', ')}) id ${user.id}`);
      return 0;
    },
  },
  'users disable': {
    summary: 'disable a staff user and end their sessions: --email E',
    options: { email: { type: 'string' } },
    async run({ ctx }, v, io) {
      if (typeof v.email !== 'string') {
        io.err('usage: kura users disable --email E');
        return 2;
      }
      const r = await disableStaffUser(ctx, v.email, CLI);
      io.out(r.changed ? `disabled ${r.email}; ${r.sessionsRevoked} session(s) ended` : `${r.email} was already disabled`);
      return 0;
    },
  },
  'audit verify': {
    summary:
      'walk the audit hash chain; with --checkpoints also prove it extends every signed checkpoint in the bucket; exit 0 intact, 1 naming what failed',
    options: { checkpoints: { type: 'boolean' } },
    async run({ ctx }, v, io) {
      const r = await verifyForOperator(ctx, { actor: CLI }, { checkpoints: v.checkpoints === true });
      if (r.checkpoints) {
        for (const f of r.checkpoints.failures) {
          io.err(`checkpoint ${f.key}${f.seq === null ? '' : ` (seq ${f.seq})`} failed: ${f.reason}: ${f.message}`);
        }
        if (r.checkpoints.checked === 0) io.err(`no checkpoints under ${CHECKPOINT_PREFIX} in the bucket: only the chain walk was done`);
      }
      io.out(JSON.stringify(r.checkpoints ? { ...r.chain, intact: r.intact, checkpoints: r.checkpoints } : r.chain));
      return r.intact ? 0 : 1;
    },
  },
  'audit checkpoint': {
    summary:
      'sign the audit chain head now and write it to the bucket under audit-checkpoints/; exit 1 if the chain no longer extends the last checkpoint',
    options: {},
    async run({ ctx }, _v, io) {
      const r = await writeCheckpoint(ctx, 'cli');
      switch (r.status) {
        case 'written':
          io.out(JSON.stringify(r.document));
          io.err(
            `checkpoint of seq ${r.document.payload.seq} written to s3://${ctx.store.bucket}/${r.key}${r.retained ? ' (Object Lock retention set)' : ''}`,
          );
          return 0;
        case 'empty':
          io.err('the audit chain is empty: nothing to sign');
          return 0;
        case 'unchanged':
          io.err(`nothing new since the checkpoint of seq ${r.seq}`);
          return 0;
        case 'refused':
          io.err(`refused: ${r.message}${r.checkpointKey ? ` (last checkpoint ${r.checkpointKey})` : ''}`);
          return 1;
      }
    },
  },
  migrate: {
    summary:
      'apply pending migrations (as the owner role of DATABASE_MIGRATION_URL when set, then grant the app role) and exit: the deployment step before new API and worker processes start',
    options: {},
    async run({ migrations }, _v, io) {
      io.out(migrations.length ? `applied ${migrations.length} migration(s): ${migrations.join(', ')}` : 'the schema is current');
      return 0;
    },
  },
  'retention run': {
    summary: 'expire what is due and not held (DESIGN.md "Retention"); --dry-run changes nothing; --limit N recordings at most',
    options: { 'dry-run': { type: 'boolean' }, limit: { type: 'string' } },
    async run({ ctx }, v, io) {
      const limit = v.limit === undefined ? undefined : Number(v.limit);
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
        io.err('--limit must be a positive integer');
        return 2;
      }
      const r = await runRetention(ctx, { dryRun: v['dry-run'] === true, limit, triggeredBy: 'cli', onProgress: (line) => io.out(line) });
      if (r.status === 'locked') {
        // Not a failure: the run that holds the lock does the work (a CronJob may overlap a long run).
        io.out('another run holds the lock; nothing to do');
        return 0;
      }
      const { destroyed, ...summary } = r.report;
      io.out(JSON.stringify({ ...summary, destroyed: destroyed.length, receiptHash: r.receiptHash }, null, 2));
      return r.report.errors.length > 0 ? 1 : 0;
    },
  },
  'retention verify': {
    summary: 'check the chain of signed retention receipts; exit 0 intact, 1 naming the first bad run',
    options: {},
    async run({ ctx }, _v, io) {
      const r = await verifyReceipts(ctx);
      if (!r.ok) {
        io.err(`receipt chain broken at run ${r.firstBad.runId} (seq ${r.firstBad.seq}): ${r.firstBad.problem}`);
        return 1;
      }
      io.out(`receipt chain intact: ${r.runs} run(s)${r.headHash ? `, head ${r.headHash}` : ''}`);
      return 0;
    },
  },
  worker: {
    summary: 'run job workers only (probe, thumbnails, sweeps), e.g. as a separate deployment',
    options: {},
    async run({ ctx }, _v, io) {
      const worker = new Worker(ctx, { handlers: jobHandlers });
      const metrics = await startMetricsServer(ctx);
      worker.start();
      io.out(`worker ${worker.id} running${metrics ? `, metrics at ${metrics.url}/metrics` : ''}; Ctrl+C to stop`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await worker.stop();
      await metrics?.close();
      return 0;
    },
  },
};

export function usage(): string {
  const lines = [...Object.entries(commands), ...Object.entries(offlineCommands)].map(([name, c]) => `  ${name.padEnd(19)} ${c.summary}`);
  return `usage: pnpm kura <command> [options]\n\n${lines.join('\n')}`;
}
