// `pnpm test:hardening`: the adversarial suite (test/hardening) at full size, then every figure
// it measured in one list. The normal `pnpm test` runs the same files at their quick sizes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dir = mkdtempSync(path.join(os.tmpdir(), 'kura-hardening-'));
const figures = path.join(dir, 'figures.txt');
const run = spawnSync('pnpm', ['exec', 'vitest', 'run', '--project', 'hardening', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, KURA_HARDENING_FULL: '1', KURA_HARDENING_FIGURES: figures },
});
let lines = [];
try {
  lines = readFileSync(figures, 'utf8').trim().split('\n').filter(Boolean);
} catch {
  // No test got as far as measuring anything.
}
console.log(`\nHardening figures (${lines.length}):`);
for (const l of lines) console.log(`  ${l}`);
rmSync(dir, { recursive: true, force: true });
process.exit(run.status ?? 1);
