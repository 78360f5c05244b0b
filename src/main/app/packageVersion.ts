// Offload's version, from package.json (read once). The host reports it in
// getInfo; the CLI prints it for `offload --version`.

import { readFileSync } from 'node:fs';

let version: string | null = null;

export function packageVersion(): string {
  if (version) return version;
  try {
    // dist/src/main/app/ -> the package root.
    const url = new URL('../../../../package.json', import.meta.url);
    version = String(JSON.parse(readFileSync(url, 'utf8')).version ?? '0.0.0');
  } catch {
    version = '0.0.0';
  }
  return version;
}
