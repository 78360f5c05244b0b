// Which folder the desktop app opens: the first folder named on its command
// line (`offload-desktop ~/code/app`, or `electron . ~/code/app` in
// development), else none (main.ts then asks with a folder dialog).

import { statSync } from 'node:fs';
import { resolve } from 'node:path';

export function workspaceFromArgv(argv: readonly string[], options: { isPackaged: boolean; cwd: string }): string | null {
  // argv[0] is the executable; in development argv[1] is the app's own path (".").
  const args = argv.slice(options.isPackaged ? 1 : 2);
  for (const arg of args) {
    if (arg.startsWith('-')) continue; // Chromium/Electron switches
    const candidate = resolve(options.cwd, arg);
    try {
      if (statSync(candidate).isDirectory()) return candidate;
    } catch {
      // Not a folder: keep looking.
    }
  }
  return null;
}
