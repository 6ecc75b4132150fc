// ffmpeg-static's own installer downloads a binary, which fails offline; we disable it
// (allowBuilds) and point its expected path at a binary that is already here.
import { existsSync, symlinkSync, unlinkSync, lstatSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.resolve('apps/api/package.json'));
let pkgDir;
try {
  pkgDir = path.dirname(require.resolve('ffmpeg-static/package.json'));
} catch {
  process.exit(0); // not installed yet (partial install); nothing to link
}
const target = path.join(pkgDir, 'ffmpeg');
const candidates = [process.env.FFMPEG_BIN, '/usr/bin/ffmpeg'];
try {
  candidates.push(require.resolve('@ffmpeg-installer/linux-x64/ffmpeg'));
} catch {}
const source = candidates.find((c) => c && existsSync(c));
if (!source) {
  console.warn('kura: no ffmpeg binary found; install Debian ffmpeg or set FFMPEG_BIN');
  process.exit(0);
}
try {
  lstatSync(target);
  unlinkSync(target);
} catch {}
symlinkSync(source, target);
console.log(`kura: ffmpeg-static -> ${source}`);
