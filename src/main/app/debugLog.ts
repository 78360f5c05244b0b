// The host's debug log (<workspace state>/host-debug.log): agent processes'
// stray output and the host's own notes. Never the user's terminal. Its own
// small module so the CLI can route an agent it starts early (before the host
// is loaded) to the same file.

import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

export function createDebugLog(stateDir: string): (line: string) => void {
  const file = join(stateDir, 'host-debug.log');
  return (line: string) => {
    try {
      appendFileSync(file, `${new Date().toISOString()} [${process.pid}] ${line}\n`, { mode: 0o600 });
    } catch {
      // debugging must never break the host
    }
  };
}
