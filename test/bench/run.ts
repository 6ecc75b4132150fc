// `pnpm bench [--quick] [--only <scenario>[,<scenario>…]]`: each scenario against its baseline in the
// same run, alternating, several rounds. Prints a table and writes test/bench/results/latest.{json,md}.
// Not run by CI: the numbers depend on the machine and its load. See test/bench/README.md.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildConsoleIfStale } from '../../scripts/console-build.mjs';
import type { BenchOptions, Scenario } from './lib/scenario.ts';
import { ROOT, startStack } from './lib/stack.ts';
import type { ResultRow } from './lib/stats.ts';
import { audit } from './scenarios/audit.ts';
import { consoleLoad } from './scenarios/console.ts';
import { ingest } from './scenarios/ingest.ts';
import { lists } from './scenarios/lists.ts';
import { ranges } from './scenarios/ranges.ts';
import { players } from './scenarios/players.ts';
import { profile } from './scenarios/profile.ts';
import { retention } from './scenarios/retention.ts';
import { vault } from './scenarios/vault.ts';

// Lists last: it fills the database with generated rows the others would then carry.
const ALL: Scenario[] = [consoleLoad, vault, ingest, ranges, players, profile, audit, retention, lists];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    rounds: { type: 'string' },
    'cpu-prof': { type: 'boolean', default: false },
    // Node flags for the server after the ones it ships with, space-separated: trying a GC flag.
    'server-node-args': { type: 'string' },
  },
});
const only = values.only?.split(',').map((s) => s.trim());
const unknown = only?.filter((n) => !ALL.some((s) => s.name === n)) ?? [];
if (unknown.length) {
  console.error(`unknown scenario(s): ${unknown.join(', ')}; known: ${ALL.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
const selected = ALL.filter((s) => !only || only.includes(s.name));
const opts: BenchOptions = {
  quick: values.quick,
  rounds: values.rounds ? Number(values.rounds) : values.quick ? 3 : 5,
  log: (line) => console.log(line),
};

const started = new Date();
console.log(`Kura bench (${opts.quick ? 'quick' : 'full'}, ${opts.rounds} rounds): ${selected.map((s) => s.name).join(', ')}`);
// The server serves the console only if a build is there when it starts.
if (selected.includes(consoleLoad)) await buildConsoleIfStale();
// --cpu-prof: the server writes a V8 CPU profile when it stops (open it in Chrome DevTools).
const profDir = path.join(ROOT, 'test/bench/results/profiles');
const stack = await startStack({
  serverNodeArgs: values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [],
  overridingNodeArgs: values['server-node-args']?.split(/\s+/).filter(Boolean) ?? [],
});
// Without DATABASE_URL the run times a private cluster with fsync off: every commit is cheaper.
const postgres = stack.postgres;
console.log(`PostgreSQL: ${postgres}`);
const rows: ResultRow[] = [];
const failures: { scenario: string; error: string }[] = [];
try {
  for (const s of selected) {
    console.log(`\n▶ ${s.name}: ${s.about}`);
    const t = performance.now();
    try {
      rows.push(...(await s.run(stack, opts)));
    } catch (err) {
      // One scenario failing must not cost the others' numbers; it is reported as failed.
      console.error(`  ${s.name} failed: ${(err as Error).stack ?? err}`);
      failures.push({ scenario: s.name, error: (err as Error).message });
    }
    console.log(`  (${((performance.now() - t) / 1000).toFixed(0)} s)`);
  }
} finally {
  await stack.close();
}

const fmt = (v: number) => (Number.isNaN(v) ? '–' : Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));
const verdict = (r: ResultRow) => (r.pass === null ? 'info' : r.pass ? 'PASS' : 'MISS');
const table = [
  ['scenario', 'metric', 'unit', 'Kura p50', 'Kura p95', 'baseline p50', 'baseline p95', 'ratio', 'target', 'result'],
  ...rows.map((r) => [
    r.scenario,
    r.metric,
    r.unit,
    fmt(r.kura.median),
    r.kura.n > 1 ? fmt(r.kura.p95) : '',
    r.baseline ? fmt(r.baseline.median) : '—',
    r.baseline && r.baseline.n > 1 ? fmt(r.baseline.p95) : '',
    r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`,
    r.target,
    verdict(r),
  ]),
];
const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
console.log('');
for (const row of table) console.log(row.map((c, i) => c.padEnd(widths[i]!)).join('  '));
for (const f of failures) console.log(`FAILED ${f.scenario}: ${f.error}`);

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load ${os
  .loadavg()
  .map((l) => l.toFixed(2))
  .join(' ')}`;
const dir = path.join(ROOT, 'test/bench/results');
await mkdir(dir, { recursive: true });
const meta = {
  started: started.toISOString(),
  finished: new Date().toISOString(),
  quick: opts.quick,
  rounds: opts.rounds,
  machine,
  node: process.version,
  postgres,
};
await writeFile(path.join(dir, 'latest.json'), `${JSON.stringify({ ...meta, rows, failures }, null, 2)}\n`);
const md = [
  `# Kura bench, ${opts.quick ? 'quick' : 'full'} run`,
  '',
  `${meta.started} → ${meta.finished}; ${machine}; Node ${process.version}; ${opts.rounds} rounds; PostgreSQL: ${postgres}.`,
  '',
  `| ${table[0]!.join(' | ')} | note |`,
  `|${table[0]!.map(() => '---').join('|')}|---|`,
  ...table.slice(1).map((row, i) => `| ${row.join(' | ')} | ${rows[i]!.note ?? ''} |`),
  ...failures.map((f) => `\nFAILED ${f.scenario}: ${f.error}`),
  '',
].join('\n');
await writeFile(path.join(dir, 'latest.md'), md);
console.log(
  `\nwrote test/bench/results/latest.json and latest.md${values['cpu-prof'] ? `; the server's CPU profile is in ${profDir}` : ''}`,
);
process.exit(failures.length ? 1 : 0);
