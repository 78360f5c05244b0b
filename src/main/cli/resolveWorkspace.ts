// The workspace a command works on: --workspace DIR, else the current folder,
// as its real path. Its own file: bin/loadCli.js's early agent fork
// (earlyAgent.ts) resolves it the same way before the CLI has loaded.

import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { realWorkspacePath } from '../store/homePaths.js';
import { UsageError } from './usageError.js';

export function resolveWorkspace(dir: string | undefined): string {
  const absolute = resolve(dir ?? process.cwd());
  let isDir = false;
  try {
    isDir = statSync(absolute).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) throw new UsageError(`The workspace ${absolute} is not a folder. Pass an existing project folder with --workspace DIR.`);
  return realWorkspacePath(absolute);
}
