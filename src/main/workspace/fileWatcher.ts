// Keeps the editor live as files change on disk: chokidar over the folders
// the page shows (the Explorer's open folders, the folders of open files),
// .git, node_modules and .gitignore'd paths left out, changes batched so a
// burst (an agent's `npm install`) becomes a few events, not thousands.
//
// Why the open folders and not the whole tree: chokidar watches every file
// with its own fs.watch, and even told to skip files, its first scan of a
// 50,000-file tree took ~7 s and left the host at ~280 MB RSS here
// (bench/editor.ts); what is shown is what must stay live. Quick open lists
// the tree afresh (fileIndex.ts), and agents' changes reach the page as
// agent events.
//
// When the OS's watch limit is hit (Linux inotify: ENOSPC "System limit for
// number of file watchers reached"; EMFILE on macOS' and BSD's fs.watch, see
// chokidar's README "Troubleshooting"), the native watcher is closed, the
// person is told once, and the same folders are polled.

import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { FileChange, FileChangeKind, FilesChangedEvent, WatchStatus } from '../../shared/contract/editorService.js';
import { GitignoreRules } from '../../files/gitignoreRules.js';

export const WATCH_BATCH_MS = 100;
/** More changes than this in one batch: the page is told to re-read instead of getting the list. */
export const WATCH_MAX_BATCH = 500;
export const POLL_INTERVAL_MS = 2000;

const LIMIT_CODES = new Set(['ENOSPC', 'EMFILE', 'ENFILE']);

export interface FileWatcherOptions {
  /** Real path of the workspace. */
  workspace: string;
  onChanges: (event: FilesChangedEvent) => void;
  onStatus: (status: WatchStatus) => void;
  batchMs?: number;
  maxBatch?: number;
  pollIntervalMs?: number;
  debug?: (line: string) => void;
}

export class FileWatcher {
  private watcher: FSWatcher | null = null;
  private mode: WatchStatus['mode'] = 'off';
  private notice: string | null = null;
  private readonly rules: GitignoreRules;
  private pending = new Map<string, FileChangeKind>();
  private overflow = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly openFolders = new Set<string>(['']);
  private ready: Promise<void> = Promise.resolve();
  /** Settles `ready`: when the first watcher (native or, after a fallback, the poller) is ready, or on dispose. */
  private markReady: (() => void) | null = null;
  private disposed = false;

  constructor(private readonly options: FileWatcherOptions) {
    this.rules = new GitignoreRules(options.workspace);
  }

  status(): WatchStatus {
    return { mode: this.mode, notice: this.notice };
  }

  /** Starts watching (once) the folders noted so far. Resolves when their first scan is done. */
  start(): Promise<void> {
    if (this.watcher || this.disposed) return this.ready;
    this.mode = 'native';
    // One promise for the whole start: a watch-limit error during the first scan closes the
    // native watcher before its 'ready', and the poller that replaces it settles this instead.
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    this.attach(this.create(false));
    return this.ready;
  }

  /** A folder the page shows (workspace-relative, '' for the root): watched from now on. */
  noteOpenFolder(rel: string): void {
    if (this.openFolders.has(rel)) return;
    this.openFolders.add(rel);
    // (chokidar says 'ready' once, for its first paths; a folder added later is watched a moment after.)
    this.watcher?.add(path.join(this.options.workspace, rel));
  }

  /** An open file: its folder is watched, so the tab learns of changes and deletion. */
  noteOpenFile(rel: string): void {
    const folder = path.posix.dirname(rel);
    this.noteOpenFolder(folder === '.' ? '' : folder);
  }

  private create(polling: boolean): FSWatcher {
    return watch(
      [...this.openFolders].map((rel) => path.join(this.options.workspace, rel)),
      {
        ignoreInitial: true,
        followSymlinks: false,
        // Each folder's own entries: a subfolder is watched once the page opens it.
        depth: 0,
        ...(polling ? { usePolling: true, interval: this.options.pollIntervalMs ?? POLL_INTERVAL_MS } : {}),
        ignored: (absolute, stats) => this.isIgnored(absolute, stats?.isDirectory() ?? false),
      },
    );
  }

  /** Exposed for tests: what the watcher does with an error chokidar reports. */
  handleError(error: unknown): void {
    const code = (error as NodeJS.ErrnoException)?.code;
    if (code && LIMIT_CODES.has(code) && this.mode === 'native') {
      this.fallBackToPolling(code);
      return;
    }
    this.options.debug?.(`file watcher: ${error instanceof Error ? error.message : String(error)}`);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const watcher = this.watcher;
    this.watcher = null;
    this.mode = 'off';
    this.settleReady();
    await watcher?.close();
  }

  private attach(watcher: FSWatcher): void {
    this.watcher = watcher;
    watcher.once('ready', () => this.settleReady());
    const record = (kind: FileChangeKind) => (absolute: string) => this.record(absolute, kind);
    watcher
      .on('add', record('add'))
      .on('change', record('change'))
      .on('unlink', record('unlink'))
      .on('addDir', record('addDir'))
      .on('unlinkDir', record('unlinkDir'))
      .on('error', (error) => this.handleError(error));
  }

  private fallBackToPolling(code: string): void {
    const native = this.watcher;
    this.mode = 'polling';
    this.notice =
      `The system's limit on watched files was reached (${code}), so Offload now checks the folders you have open ` +
      `every ${Math.round((this.options.pollIntervalMs ?? POLL_INTERVAL_MS) / 1000)} s instead of watching every file. ` +
      (code === 'ENOSPC' ? 'Raising fs.inotify.max_user_watches (sysctl) brings live updates back.' : 'Raising the open-files limit (ulimit -n) brings live updates back.');
    this.options.onStatus(this.status());
    // Closed in the background: chokidar's close can wait on a first scan still under way, and
    // the folders should not go unwatched meanwhile.
    void native?.close().catch(() => undefined);
    if (this.disposed) return;
    const poller = this.create(true);
    this.attach(poller);
    // Whatever changed while switching over: the page re-reads what it shows.
    this.overflow = true;
    this.schedule();
  }

  private settleReady(): void {
    this.markReady?.();
    this.markReady = null;
  }

  private relative(absolute: string): string {
    return path.relative(this.options.workspace, absolute).split(path.sep).join('/');
  }

  private isIgnored(absolute: string, isDir: boolean): boolean {
    const rel = this.relative(absolute);
    if (rel.startsWith('..')) return false;
    return this.rules.ignores(rel, isDir);
  }

  private record(absolute: string, kind: FileChangeKind): void {
    const rel = this.relative(absolute);
    if (rel === '' || rel.startsWith('..')) return;
    if (rel === '.gitignore' || rel.endsWith('/.gitignore')) this.rules.forget(path.posix.dirname(rel) === '.' ? '' : path.posix.dirname(rel));
    if (!this.overflow) {
      this.pending.set(rel, kind);
      if (this.pending.size > (this.options.maxBatch ?? WATCH_MAX_BATCH)) {
        this.overflow = true;
        this.pending.clear();
      }
    }
    this.schedule();
  }

  private schedule(): void {
    // Not a debounce: a steady stream of changes still reaches the page every batchMs.
    this.timer ??= setTimeout(() => this.flush(), this.options.batchMs ?? WATCH_BATCH_MS);
  }

  private flush(): void {
    this.timer = null;
    const changes: FileChange[] = [...this.pending].map(([p, kind]) => ({ path: p, kind }));
    const overflow = this.overflow;
    this.pending = new Map();
    this.overflow = false;
    if (changes.length === 0 && !overflow) return;
    this.options.onChanges({ changes, overflow });
  }
}
