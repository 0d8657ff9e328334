// The registry these machines use lacks DuckDB's prebuilt bindings for other platforms, so `npm install`
// leaves them out of package-lock.json and `npm ci` then refuses the lock. This adds the missing
// platform entries (optional, never fetched on linux-x64) so the lock stays valid everywhere.
import { readFileSync, writeFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const api = lock.packages['node_modules/@duckdb/node-bindings'];
if (!api) process.exit(0);
const targets = {
  'darwin-arm64': ['darwin', 'arm64'],
  'darwin-x64': ['darwin', 'x64'],
  'linux-arm64': ['linux', 'arm64', 'glibc'],
  'linux-arm64-musl': ['linux', 'arm64', 'musl'],
  'linux-x64': ['linux', 'x64', 'glibc'],
  'linux-x64-musl': ['linux', 'x64', 'musl'],
  'win32-arm64': ['win32', 'arm64'],
  'win32-x64': ['win32', 'x64'],
};
let added = 0;
for (const [name, [os, cpu, libc]] of Object.entries(targets)) {
  const key = `node_modules/@duckdb/node-bindings-${name}`;
  if (lock.packages[key] || !api.optionalDependencies?.[`@duckdb/node-bindings-${name}`]) continue;
  lock.packages[key] = {
    version: api.version,
    cpu: [cpu],
    license: 'MIT',
    optional: true,
    os: [os],
    ...(libc ? { libc: [libc] } : {}),
  };
  added++;
}
if (added) {
  writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
  console.error(`lock-platforms: added ${added} platform entries`);
}
