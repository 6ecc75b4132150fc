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
  // Vite takes React's build flavour from NODE_ENV when it is set: under a test runner
  // (NODE_ENV=test) it would ship React's development build, three times the size.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root: consoleDir, mode: 'production', logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return true;
}
