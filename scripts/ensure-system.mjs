// Before the tests: the system packages they need (ffmpeg for media, Chromium and a CJK font for
// the browser tests, openssl and python3 for the README's signature recipe, psql for the operator
// script in infra/postgres). On Debian as root we install what is missing; elsewhere we say what to do.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const needs = [
  { pkg: 'ffmpeg', present: () => existsSync('/usr/bin/ffmpeg') },
  { pkg: 'chromium', present: () => existsSync('/usr/bin/chromium') },
  { pkg: 'fonts-ipafont-gothic', present: () => existsSync('/usr/share/fonts/opentype/ipafont-gothic') },
  { pkg: 'openssl', present: () => existsSync('/usr/bin/openssl') },
  { pkg: 'python3', present: () => existsSync('/usr/bin/python3') },
  { pkg: 'postgresql-client', present: () => existsSync('/usr/bin/psql') },
];
const missing = needs.filter((n) => !n.present()).map((n) => n.pkg);
if (missing.length === 0) process.exit(0);

const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
if (!canApt) {
  console.error(
    `Tests need these system packages: ${missing.join(', ')}. Install them (e.g. sudo apt-get install -y ${missing.join(' ')}).`,
  );
  process.exit(1);
}
console.log(`Installing system packages for the tests: ${missing.join(', ')}`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
const install =
  update.status === 0 && spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
if (!install || install.status !== 0) process.exit(1);
// ffmpeg-static points at /usr/bin/ffmpeg once it exists.
spawnSync(process.execPath, ['scripts/link-ffmpeg.mjs'], { stdio: 'inherit' });
