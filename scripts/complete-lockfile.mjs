#!/usr/bin/env node
// Restores lockfile entries for platform-specific optional dependencies that
// `npm install` dropped because the registry it reached did not serve them
// (e.g. `@rollup/rollup-darwin-arm64` for a rollup version on a partial mirror).
// Without those entries `npm ci` reports the lock as out of sync and refuses to
// install. Each restored entry is marked optional with the os/cpu/libc read off
// the package name, so `npm ci` on any other platform skips it without fetching.
//
// Usage: node scripts/complete-lockfile.mjs   (after `npm install`)
import { readFileSync, writeFileSync } from 'node:fs';

const LOCK = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(LOCK, 'utf8'));
const packages = lock.packages;

const OS = [
  'android',
  'darwin',
  'freebsd',
  'linux',
  'openbsd',
  'openharmony',
  'win32',
  'netbsd',
  'sunos',
  'aix',
];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'loong64', 'ppc64', 'riscv64', 's390x', 'mips64el'];

/** Reads os, cpu and libc off a platform package name such as `@rollup/rollup-linux-arm64-musl`. */
function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => OS.includes(p));
  const cpu = parts.find((p) => CPU.includes(p)) ?? (parts.includes('arm') ? 'arm' : undefined);
  if (!os || !cpu) return undefined;
  const out = { cpu: [cpu], os: [os] };
  if (os === 'linux') out.libc = [parts.includes('musl') || parts.includes('musleabihf') ? 'musl' : 'glibc'];
  return out;
}

/** Where npm would resolve `dep` from the package at `from` (nearest node_modules upwards). */
function resolveFrom(from, dep) {
  let base = from;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${dep}` : `node_modules/${dep}`;
    if (packages[candidate]) return candidate;
    if (!base) return undefined;
    const idx = base.lastIndexOf('/node_modules/');
    base = idx === -1 ? '' : base.slice(0, idx);
  }
}

let added = 0;
for (const [path, meta] of Object.entries(packages)) {
  for (const [dep, range] of Object.entries(meta.optionalDependencies ?? {})) {
    if (resolveFrom(path, dep)) continue;
    const platform = platformOf(dep);
    if (!platform || !/^\d+\.\d+\.\d+/.test(range)) {
      console.warn(`complete-lockfile: cannot restore ${dep}@${range} (needed by ${path || 'root'})`);
      continue;
    }
    const entry = { version: range, ...platform, optional: true };
    if (meta.dev) entry.dev = true;
    const key = `node_modules/${dep}`;
    packages[packages[key] ? `${path}/node_modules/${dep}` : key] = entry;
    added += 1;
  }
}

lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: restored ${added} optional platform entries`);
