// `pnpm start`: build the console if its sources changed, then run the server (API, console and
// workers on one port). Arguments pass through, e.g. `pnpm start --demo`.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { buildConsoleIfStale } from './console-build.mjs';
import { productionNodeFlags } from './node-flags.mjs';

const root = path.resolve(import.meta.dirname, '..');
try {
  await buildConsoleIfStale();
} catch (err) {
  console.error(`Kura: the console did not build: ${err.message}`);
  process.exit(1);
}
// Node itself with tsx as a loader (not the tsx wrapper, which runs a second process) and the
// production memory flags, so that the local server's memory behaves as deployed.
const args = [...productionNodeFlags(), '--import', 'tsx', path.join(root, 'apps/api/src/main.ts'), ...process.argv.slice(2)];
const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
