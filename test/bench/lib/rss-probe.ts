// Run as a child (`node --import tsx rss-probe.ts [app]`): prints this process's resident memory,
// after importing the server's modules when asked. The floor under the server's idle RSS.
import { readFileSync } from 'node:fs';

if (process.argv[2] === 'app') {
  await import('../../../apps/api/src/app.ts');
  await import('../../../apps/api/src/bootstrap.ts');
}
(globalThis as { gc?: () => void }).gc?.();
setTimeout(() => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  process.stdout.write(`${Number(m?.[1]) * 1024}\n`);
}, 300);
