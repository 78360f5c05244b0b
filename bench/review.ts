// Review over a 50,000-file workspace: how long listing an agent's changes,
// diffing one 5,000-line file, checkpointing a step and tracking a shell
// command take, and how much disk a checkpoint adds; native `git status` and a
// chokidar watcher's start-up are measured in the same run for comparison.
// Prints JSON. Run: node dist/bench/review.js [--files N] [--skip-non-git]

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { watch } from 'chokidar';
import { WorkspaceReview } from '../src/main/workspace/workspaceReview.js';

const args = process.argv.slice(2);
const FILES = Number(args[args.indexOf('--files') + 1] ?? 0) || 50_000;
const SKIP_NON_GIT = args.includes('--skip-non-git');
const PER_DIR = 100;

function generate(workspace: string): void {
  for (let i = 0; i < FILES; i++) {
    const dir = path.join(workspace, 'src', `mod${Math.floor(i / PER_DIR)}`);
    if (i % PER_DIR === 0) fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `file${i % PER_DIR}.ts`), `// file ${i}\nexport const value${i} = ${i};\nexport function f${i}() {\n  return value${i} * 2;\n}\n`);
  }
  // The big file replaces one of the generated ones so the count stays FILES.
  fs.writeFileSync(path.join(workspace, 'src', 'mod0', 'file0.ts'), bigFile(''));
  fs.writeFileSync(path.join(workspace, '.gitignore'), 'node_modules/\ndist/\n');
}

function bigFile(tag: string): string {
  return Array.from({ length: 5000 }, (_, i) => (i % 500 === 250 ? `const changed${i} = '${tag}';` : `export const line${i} = ${i}; // some code on line ${i}`)).join('\n') + '\n';
}

function sh(cwd: string, cmd: string, ...a: string[]): void {
  execFileSync(cmd, a, { cwd, stdio: 'ignore', maxBuffer: 1 << 28 });
}

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const out = fn();
  return [out, round(performance.now() - t0)];
}
/** [result, wall ms]; the CPU ms this process spent is added to `cpu` (the machine may be shared, so wall time alone misleads). */
async function timeAsync<T>(fn: () => Promise<T>, cpu?: number[]): Promise<[T, number]> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const out = await fn();
  const c = process.cpuUsage(c0);
  cpu?.push(round((c.user + c.system) / 1000));
  return [out, round(performance.now() - t0)];
}
function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function diskUsage(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const abs = path.join(d, e.name);
      if (e.isDirectory()) walk(abs);
      else {
        files++;
        bytes += fs.statSync(abs).blocks * 512;
      }
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return { bytes, files };
}

async function toolWrite(review: WorkspaceReview, workspace: string, step: number, rels: string[], edit: (old: string) => string): Promise<void> {
  await review.beforeWrite('bench', rels, step);
  for (const rel of rels) {
    const abs = path.join(workspace, rel);
    fs.writeFileSync(abs, edit(fs.readFileSync(abs, 'utf8')));
  }
  await review.afterWrite('bench', rels, step);
}

async function gitWorkspaceBench(root: string) {
  const workspace = path.join(root, 'git-ws');
  const stateDir = path.join(root, 'state-git');
  fs.mkdirSync(workspace, { recursive: true });
  const [, generateMs] = time(() => generate(workspace));
  const [, gitSetupMs] = time(() => {
    sh(workspace, 'git', 'init', '-q');
    sh(workspace, 'git', 'add', '-A');
    sh(workspace, 'git', '-c', 'user.name=b', '-c', 'user.email=b@b', '-c', 'gc.auto=0', 'commit', '-q', '-m', 'init');
  });
  // Age the files past git's racy window so the index is trusted, as in a real checkout.
  const past = new Date(Date.now() - 3600_000);
  const [, ageMs] = time(() => {
    for (let i = 0; i < FILES; i += 1) {
      const rel = path.join('src', `mod${Math.floor(i / PER_DIR)}`, `file${i % PER_DIR}.ts`);
      fs.utimesSync(path.join(workspace, rel), past, past);
    }
    sh(workspace, 'git', 'update-index', '--refresh', '-q');
  });

  const gitStatusMs = [0, 1, 2].map(() => time(() => sh(workspace, 'git', 'status', '--porcelain'))[1]);

  const review = new WorkspaceReview({ workspace, stateDir, nameOf: (id) => id });
  // Shell-command tracking: init starts building the snapshot index in the background; later refreshes only stat.
  const [, firstSnapshotMs] = await timeAsync(async () => {
    await review.init();
    await review.warmUp();
  });
  await review.beforeCommand('bench', 1);
  const [, idleAfterMs] = await timeAsync(() => review.afterCommand('bench', 1));
  const beforeMs: number[] = [];
  const afterMs: number[] = [];
  const beforeCpuMs: number[] = [];
  const afterCpuMs: number[] = [];
  const commandDisk: number[] = [];
  for (let step = 2; step < 5; step++) {
    const d0 = diskUsage(path.join(stateDir, 'review', 'shadow.git')).bytes;
    beforeMs.push((await timeAsync(() => review.beforeCommand('bench', step), beforeCpuMs))[1]);
    sh(workspace, 'sh', '-c', `echo "// touched ${step}" >> src/mod${step}/file1.ts; rm src/mod${step}/file2.ts; echo new > src/mod${step}/new${step}.ts`);
    const [changed, ms] = await timeAsync(() => review.afterCommand('bench', step), afterCpuMs);
    if (changed.length !== 3) throw new Error(`expected 3 changed paths, got ${changed.join(', ')}`);
    afterMs.push(ms);
    commandDisk.push(diskUsage(path.join(stateDir, 'review', 'shadow.git')).bytes - d0);
  }

  // Tool steps: the checkpoint of a step that changes 1 file, then 10 files.
  const checkpointSteps: { filesChanged: number; ms: number; cpuMs: number; diskBytes: number }[] = [];
  let step = 10;
  for (const count of [1, 1, 1, 10, 10, 10]) {
    step++;
    const rels = Array.from({ length: count }, (_, k) => `src/mod${10 + step}/file${k}.ts`);
    const d0 = diskUsage(path.join(stateDir, 'review', 'shadow.git')).bytes;
    const cpu: number[] = [];
    const [, ms] = await timeAsync(() => toolWrite(review, workspace, step, rels, (s) => s + `// step ${step}\n`), cpu);
    checkpointSteps.push({ filesChanged: count, ms, cpuMs: cpu[0]!, diskBytes: diskUsage(path.join(stateDir, 'review', 'shadow.git')).bytes - d0 });
  }

  // The 5,000-line file, changed in 10 places.
  step++;
  await toolWrite(review, workspace, step, ['src/mod0/file0.ts'], () => bigFile('agent'));
  const changes = await review.listChanges('bench');
  const listMs = [0, 1, 2, 3, 4].map(() => 0);
  const listCpuMs: number[] = [];
  for (let i = 0; i < listMs.length; i++) listMs[i] = (await timeAsync(() => review.listChanges('bench'), listCpuMs))[1];
  const diffMs: number[] = [];
  const diffCpuMs: number[] = [];
  let hunks = 0;
  for (let i = 0; i < 5; i++) {
    const [d, ms] = await timeAsync(() => review.getDiff('bench', 'src/mod0/file0.ts'), diffCpuMs);
    hunks = d[0]!.hunks.length;
    diffMs.push(ms);
  }
  const [, coldListAfterRestartMs] = await timeAsync(async () => {
    const again = new WorkspaceReview({ workspace, stateDir, nameOf: (id) => id });
    await again.init();
    await again.listChanges('bench');
  });
  await review.dispose();

  // The alternative to a stat walk: a chokidar watcher over the same tree.
  const [, chokidarReadyMs] = await timeAsync(
    () =>
      new Promise<void>((resolve) => {
        const w = watch(workspace, { ignored: (p) => /(^|[/\\])(\.git|node_modules)([/\\]|$)/.test(p), ignoreInitial: true });
        w.on('ready', () => void w.close().then(resolve));
      }),
  );

  return {
    files: FILES,
    loadAverage: os.loadavg().map((l) => round(l)),
    setup: { generateMs, gitSetupMs, ageMs },
    gitStatusMs,
    listChanges: { changedFiles: changes.length, ms: listMs, medianMs: median(listMs), cpuMs: listCpuMs, targetMs: 100, coldAfterRestartMs: coldListAfterRestartMs },
    diffOf5000LineFile: { hunks, ms: diffMs, medianMs: median(diffMs), cpuMs: diffCpuMs, targetMs: 50 },
    shellCommand: {
      firstSnapshotMs,
      idleAfterCommandMs: idleAfterMs,
      beforeCommandMs: beforeMs,
      beforeCommandCpuMs: beforeCpuMs,
      afterCommandMs: afterMs,
      afterCommandCpuMs: afterCpuMs,
      diskBytesPerCommandChanging3Files: commandDisk,
      chokidarWatcherReadyMs: chokidarReadyMs,
    },
    toolCheckpoints: checkpointSteps,
    shadowStore: diskUsage(path.join(stateDir, 'review', 'shadow.git')),
    snapshotIndexBytes: fs.statSync(path.join(stateDir, 'review', 'snapshot.json')).size,
  };
}

async function nonGitWorkspaceBench(root: string) {
  const workspace = path.join(root, 'plain-ws');
  const stateDir = path.join(root, 'state-plain');
  fs.mkdirSync(workspace, { recursive: true });
  generate(workspace);
  const past = new Date(Date.now() - 3600_000);
  for (let i = 0; i < FILES; i++) fs.utimesSync(path.join(workspace, 'src', `mod${Math.floor(i / PER_DIR)}`, `file${i % PER_DIR}.ts`), past, past);
  const review = new WorkspaceReview({ workspace, stateDir, nameOf: (id) => id });
  // Without a git index every file's content is stored once, in the background after init.
  const [, firstSnapshotMs] = await timeAsync(async () => {
    await review.init();
    await review.warmUp();
  });
  const firstDisk = diskUsage(path.join(stateDir, 'review', 'shadow.git'));
  const treeDisk = diskUsage(workspace);
  await review.beforeCommand('bench', 1);
  await review.afterCommand('bench', 1);
  const [, warmBeforeMs] = await timeAsync(() => review.beforeCommand('bench', 2));
  sh(workspace, 'sh', '-c', 'echo x >> src/mod1/file1.ts');
  const [, afterMs] = await timeAsync(() => review.afterCommand('bench', 2));
  await review.dispose();
  return { files: FILES, firstSnapshotMs, firstSnapshotDisk: firstDisk, workspaceDisk: treeDisk, warmBeforeCommandMs: warmBeforeMs, afterCommandMs: afterMs };
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'offload-bench-review-'));
try {
  const gitResult = await gitWorkspaceBench(root);
  const plainResult = SKIP_NON_GIT ? null : await nonGitWorkspaceBench(root);
  console.log(JSON.stringify({ bench: 'review', node: process.version, gitWorkspace: gitResult, nonGitWorkspace: plainResult }, null, 2));
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
