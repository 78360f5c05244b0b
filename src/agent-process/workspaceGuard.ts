// Notices when the workspace itself can no longer be worked in (issue 13,
// item 3): its folder deleted, its disk unmounted (the path then shows the
// empty folder underneath, another inode), its file system turned read-only,
// or its disk full. Then no tool can do its job, and going on would only
// spend model requests on errors, or let a command spin printing them (a run
// was seen holding a core for 14 minutes that way). The agent stops as
// failed with a reason that says what happened; its changes so far stay in
// the review, and `offload resume` continues once the folder is back.
//
// The checks are a few system calls (stat, access, statfs): they run before
// every model call and every tool, and every CHECK_EVERY_MS while a command runs.

import { constants as fsConstants } from 'node:fs';
import { access, stat, statfs } from 'node:fs/promises';

export const CHECK_EVERY_MS = 1_000;

export type WorkspaceFaultKind = 'gone' | 'replaced' | 'read-only' | 'full';

/** Ends the agent as failed: the workspace cannot be worked in. */
export class WorkspaceFault extends Error {
  constructor(
    readonly kind: WorkspaceFaultKind,
    message: string,
  ) {
    super(message);
    this.name = 'WorkspaceFault';
  }
}

const AFTER = ' The agent stopped; the changes it made before stay for review.';

function faultFor(kind: WorkspaceFaultKind, workspace: string): WorkspaceFault {
  switch (kind) {
    case 'gone':
      return new WorkspaceFault(kind, `The workspace folder ${workspace} is gone (deleted, or its disk was unmounted).${AFTER} Put the folder back, then resume the agent.`);
    case 'replaced':
      return new WorkspaceFault(
        kind,
        `The workspace folder ${workspace} is no longer the folder the agent started in (its disk was unmounted, or it was deleted and made again).${AFTER} Mount or restore it, then resume the agent.`,
      );
    case 'read-only':
      return new WorkspaceFault(kind, `The workspace's file system turned read-only (EROFS) at ${workspace}.${AFTER} Make it writable, then resume the agent.`);
    case 'full':
      return new WorkspaceFault(kind, `The workspace's disk is full (no space left on the device, ENOSPC) at ${workspace}.${AFTER} Free some space, then resume the agent.`);
  }
}

/** Bytes a process of this user may still write (root may use the blocks kept back for it). */
function availableBytes(info: { bavail: number; bfree: number; bsize: number }): number {
  const blocks = process.getuid?.() === 0 ? info.bfree : info.bavail;
  return blocks * info.bsize;
}

export class WorkspaceGuard {
  /** A fault seen once stays: the agent is on its way out. */
  private fault: WorkspaceFault | null = null;

  private constructor(
    readonly workspace: string,
    private readonly identity: { dev: number; ino: number },
  ) {}

  /** Notes which folder the workspace is now (device and inode), to tell it from one put in its place later. */
  static async start(workspace: string): Promise<WorkspaceGuard> {
    const info = await stat(workspace);
    return new WorkspaceGuard(workspace, { dev: info.dev, ino: info.ino });
  }

  /** The fault that makes the workspace unusable now, or null. */
  async check(): Promise<WorkspaceFault | null> {
    if (this.fault) return this.fault;
    const kind = await this.probe();
    if (kind) this.fault = faultFor(kind, this.workspace);
    return this.fault;
  }

  /** Throws the fault, if there is one. */
  async assertUsable(): Promise<void> {
    const fault = await this.check();
    if (fault) throw fault;
  }

  /**
   * Checks every CHECK_EVERY_MS until the returned function is called;
   * `onFault` is called once, with the first fault found.
   */
  watch(onFault: (fault: WorkspaceFault) => void, everyMs = CHECK_EVERY_MS): () => void {
    let stopped = false;
    let timer: NodeJS.Timeout | null = null;
    const tick = async () => {
      const fault = await this.check().catch(() => null);
      if (stopped) return;
      if (fault) {
        onFault(fault);
        return;
      }
      timer = setTimeout(() => void tick(), everyMs);
      timer.unref();
    };
    timer = setTimeout(() => void tick(), everyMs);
    timer.unref();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }

  private async probe(): Promise<WorkspaceFaultKind | null> {
    let info;
    try {
      info = await stat(this.workspace);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return 'gone';
      // EIO, ESTALE (a network disk gone away), EACCES: not a folder we can work in.
      return code === 'EIO' || code === 'ESTALE' || code === 'ENOTCONN' ? 'gone' : null;
    }
    if (!info.isDirectory()) return 'gone';
    if (info.dev !== this.identity.dev || info.ino !== this.identity.ino) return 'replaced';
    try {
      await access(this.workspace, fsConstants.W_OK);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EROFS') return 'read-only';
    }
    try {
      if (availableBytes(await statfs(this.workspace)) === 0) return 'full';
    } catch {
      // statfs is not everywhere (Node 18.15+): without it a full disk shows in the tools' errors.
    }
    return null;
  }
}
