// Helpers for review tests: temp workspaces (git and not), a "tool write"
// that goes through beforeWrite/afterWrite, a real shell command bracketed by
// beforeCommand/afterCommand, and a fingerprint of everything under .git.

import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WorkspaceReview } from '../../src/main/workspace/workspaceReview.js';

export const NAMES: Record<string, string> = { a1: 'brave-otter', a2: 'calm-heron' };

export interface Sandbox {
  dir: string;
  workspace: string;
  stateDir: string;
  review: WorkspaceReview;
  open(): Promise<WorkspaceReview>;
  cleanup(): Promise<void>;
}

export async function sandbox(files: Record<string, string | Buffer>, options: { git: boolean }): Promise<Sandbox> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'offload-review-'));
  const workspace = path.join(dir, 'ws');
  const stateDir = path.join(dir, 'home', 'workspaces', 'ws1');
  fs.mkdirSync(workspace, { recursive: true });
  for (const [rel, content] of Object.entries(files)) writeFile(workspace, rel, content);
  if (options.git) {
    git(workspace, 'init', '-q', '-b', 'main');
    git(workspace, 'config', 'user.email', 'test@example.com');
    git(workspace, 'config', 'user.name', 'Test');
    git(workspace, 'add', '-A');
    git(workspace, 'commit', '-q', '-m', 'initial');
  }
  const opened: WorkspaceReview[] = [];
  const open = async () => {
    const r = new WorkspaceReview({ workspace, stateDir, nameOf: (id) => NAMES[id] ?? id });
    await r.init();
    opened.push(r);
    return r;
  };
  const review = await open();
  return {
    dir,
    workspace,
    stateDir,
    review,
    open,
    cleanup: async () => {
      for (const r of opened) await r.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export function writeFile(workspace: string, rel: string, content: string | Buffer, mode?: number): void {
  const abs = path.join(workspace, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, content);
  if (mode !== undefined) fs.chmodSync(abs, mode);
}

export function read(workspace: string, rel: string): string | null {
  try {
    return fs.readFileSync(path.join(workspace, rel), 'utf8');
  } catch {
    return null;
  }
}

/** What an agent's write_file tool does, with the review hooks around it. */
export async function toolWrite(review: WorkspaceReview, workspace: string, agentId: string, step: number, rel: string, content: string | Buffer | null): Promise<void> {
  await review.beforeWrite(agentId, [rel], step);
  if (content === null) fs.rmSync(path.join(workspace, rel), { force: true });
  else writeFile(workspace, rel, content);
  await review.afterWrite(agentId, [rel], step);
}

/** What an approved run_command does: a real shell in the workspace, tracked. */
export async function command(review: WorkspaceReview, workspace: string, agentId: string, step: number, script: string): Promise<string[]> {
  await review.beforeCommand(agentId, step);
  execFileSync('sh', ['-c', script], { cwd: workspace, stdio: 'ignore' });
  return review.afterCommand(agentId, step);
}

/** path -> sha256 of every file (and symlink target) under a folder. */
export function hashTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, d.name);
      if (d.isDirectory()) {
        out.set(path.relative(root, abs) + '/', 'dir');
        walk(abs);
      } else if (d.isSymbolicLink()) out.set(path.relative(root, abs), 'link:' + fs.readlinkSync(abs));
      else {
        const st = fs.statSync(abs);
        out.set(path.relative(root, abs), crypto.createHash('sha256').update(fs.readFileSync(abs)).digest('hex') + ':' + (st.mode & 0o777).toString(8));
      }
    }
  };
  walk(root);
  return out;
}

export function lines(n: number, label = 'line'): string {
  return Array.from({ length: n }, (_, i) => `${label} ${i + 1}`).join('\n') + '\n';
}
