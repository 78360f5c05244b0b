// Renders the CLI's help and version into dist/src/main/cli/help.json, so that
// bin/offload answers `offload --help`, `offload COMMAND --help`, `offload help
// [COMMAND]` and `offload --version` by printing a string, without loading the
// CLI (issue 11: `offload --help` under 80 ms; bare Node alone takes ~40 ms).
//
// The text is commander's own, from the compiled program, at the width the
// CLI caps help to (program.ts HELP_WIDTH), so it is what the full CLI prints
// on any terminal at least that wide; bin/offload uses it only then, and only
// while program.js is the file it was rendered from (same length and FNV-1a).
// test/integration/cliHelp.test.ts checks every command against the full CLI.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const programFile = 'dist/src/main/cli/program.js';
const outFile = 'dist/src/main/cli/help.json';

export async function renderHelp() {
  // commander sizes help by the terminal: render as for a pipe, at HELP_WIDTH.
  for (const stream of [process.stdout, process.stderr]) Object.defineProperty(stream, 'isTTY', { value: false, configurable: true });
  const { buildProgram, HELP_WIDTH } = await import(pathToFileURL(programFile).href);
  const { packageVersion } = await import(pathToFileURL('dist/src/main/app/packageVersion.js').href);
  const program = buildProgram(() => {});
  const texts = {};
  const walk = (command, path) => {
    texts[path.join(' ')] = command.helpInformation();
    for (const sub of command.commands) walk(sub, [...path, sub.name()]);
  };
  walk(program, []);
  writeFileSync(outFile, JSON.stringify({ from: fingerprint(readFileSync(programFile)), width: HELP_WIDTH, version: packageVersion(), texts }));
}

/** FNV-1a of a file's bytes, as bin/offload computes it. */
function fingerprint(bytes) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193) >>> 0;
  return `${bytes.length}:${hash.toString(16)}`;
}
