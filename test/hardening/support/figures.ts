import { appendFileSync } from 'node:fs';

// The suite's figures (counts, peaks, hits): printed as each test measures them, and appended to
// the file named by KURA_HARDENING_FIGURES, which `pnpm test:hardening` prints as one table at the end.

export function figure(name: string, value: number | string): void {
  const line = `${name}: ${value}`;
  console.log(`[hardening] ${line}`);
  const file = process.env.KURA_HARDENING_FIGURES;
  if (file) appendFileSync(file, `${line}\n`);
}
