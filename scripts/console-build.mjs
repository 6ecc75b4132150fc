// Builds the console when its sources (or the shared contracts) are newer than the last build.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const consoleDir = path.join(root, 'apps/console');
export const consoleDist = path.join(consoleDir, 'dist');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

export async function buildConsoleIfStale() {
  const built = path.join(consoleDist, 'index.html');
  const sources = [consoleDir, path.join(root, 'packages/contracts/src')];
  if (existsSync(built) && Math.max(...sources.map(newestMtime)) <= statSync(built).mtimeMs) return false;
  console.log('Kura: building the console…');
  // Vite's own API, resolved from the console package: no package manager needed on PATH.
  const vitePath = createRequire(path.join(consoleDir, 'package.json')).resolve('vite');
  const { build } = await import(pathToFileURL(vitePath).href);
  await build({ root: consoleDir, logLevel: 'warn' });
  return true;
}
