// The `offload` command line: runs the program (program.ts) and exits with
// its code. bin/offload prints help and the version without loading this
// (scripts/renderHelp.mjs).

import { CommanderError } from 'commander';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../app/exitCodes.js';
import { errorMessage } from '../app/hostErrors.js';
import { buildProgram, note } from './program.js';
import { exitAfterFlush, installOutputGuards } from './processOutput.js';
import { isUsageError } from './usageError.js';
import { scrubSecretsFromEnviron } from '../launch/scrubEnviron.js';

export async function main(argv: string[]): Promise<number> {
  let code = EXIT_OK;
  const program = buildProgram((c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help (`--help`, and `help [command]`, which commander ends with 'commander.help') and the version are
      // not errors; every other commander error is bad usage (its message is printed already).
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.help' || error.code === 'commander.version') return EXIT_OK;
      return EXIT_USAGE;
    }
    note(`offload: ${errorMessage(error)}`);
    return isUsageError(error) ? EXIT_USAGE : EXIT_FAILED;
  }
}

// Before anything else: the key must not stay readable in /proc/<host>/environ.
scrubSecretsFromEnviron();
installOutputGuards();
// No top-level await: the bundle is CommonJS, so its compiled code can be cached (scripts/bundleHost.mjs).
void main(process.argv.slice(2)).then((exitCode) =>
  // Child processes, sockets and watchers of the host are gone by now; exit without waiting on stray
  // timers, but only once stdout and stderr have taken everything (a pipe may still be draining).
  exitAfterFlush(exitCode),
);
