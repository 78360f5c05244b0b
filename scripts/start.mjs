// `npm start [-- FOLDER]`: the desktop app when Electron can run here, else the
// same UI in the default browser through `offload serve --open`. Either way for
// FOLDER, or the folder npm was started from.
//
// Electron's binary is looked for without require('electron'): that would try
// to download it, which cannot work offline and only adds noise.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const folder = resolve(process.env.INIT_CWD ?? process.cwd(), process.argv[2] ?? '.');

if (!existsSync(folder) || !statSync(folder).isDirectory()) {
  console.error(`offload: ${folder} is not a folder. Usage: npm start [-- FOLDER]`);
  process.exit(2);
}

/** The Electron executable, or the reason it cannot be used (one line). */
function findElectron() {
  let electronDir;
  try {
    electronDir = dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return { reason: 'Electron is not installed (npm install adds it)' };
  }
  const pathFile = join(electronDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? join(override, relative ?? 'electron') : relative ? join(electronDir, 'dist', relative) : null;
  if (!binary || !existsSync(binary)) return { reason: "Electron's binary is not installed (no download possible here)" };
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 15_000, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  if (probe.status !== 0) return { reason: `Electron's binary does not run here (${(probe.stderr || probe.error?.message || 'no output').trim().split('\n')[0]})` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'there is no display for a window (no DISPLAY or WAYLAND_DISPLAY)' };
  }
  if (!existsSync(join(root, 'dist', 'src', 'main', 'electron', 'main.js'))) {
    return { reason: 'the desktop app is not built (run `npm run build`)' };
  }
  return { binary };
}

function run(command, args) {
  const child = spawn(command, args, { stdio: 'inherit', cwd: root });
  // Ctrl+C reaches the child through the terminal; a plain kill of this script is passed on.
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  process.on('SIGINT', () => {});
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  child.on('error', (error) => {
    console.error(`offload: could not start ${command}: ${error.message}`);
    process.exit(1);
  });
}

const electron = findElectron();
if (electron.binary) {
  run(electron.binary, [root, folder]);
} else {
  console.log(`${electron.reason}: serving the browser UI instead.`);
  run(process.execPath, [join(root, 'bin', 'offload'), 'serve', '--open', '--workspace', folder]);
}
