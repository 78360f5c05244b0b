// The editor half of the host's service: the workspace's files as a person
// edits them (read, save, watch), quick open, search, the agents' marks on
// files, and the integrated terminals. OffloadService extends this; it lives in
// its own file so the agents' side of the contract can change without merges.

export interface DirEntry {
  name: string;
  path: string;
  kind: 'file' | 'dir';
}

/** Files at or under this size open editable; larger ones read-only. */
export const LARGE_FILE_BYTES = 5 * 1024 * 1024;
/** The longest text the editor saves (the host's message limit fits it); a longer one is refused with a message. */
export const MAX_SAVE_CHARS = 2 * LARGE_FILE_BYTES;

export interface FileContent {
  /** Workspace-relative, forward slashes. */
  path: string;
  /** The text; null for a binary file. For a large file, its first LARGE_FILE_BYTES. */
  content: string | null;
  binary: boolean;
  /** Over LARGE_FILE_BYTES: shown read-only (and cut at LARGE_FILE_BYTES). */
  tooLarge: boolean;
  /** Size on disk in bytes. */
  size: number;
  /** Identifies the bytes on disk (a content hash); writeFile checks it to never clobber an unseen change. */
  version: string;
  /** Why the file cannot be saved (binary, large, no write permission); null when it can. */
  readOnly: string | null;
}

export interface WriteFileOptions {
  /**
   * The version the person's buffer started from. When the file on disk has
   * another version (changed since), the save fails with code 'CONFLICT'.
   * Omit only for a new file.
   */
  expectedVersion?: string;
  /** Overwrite even when the disk changed since expectedVersion (the person chose "Overwrite"). */
  overwrite?: boolean;
  /** Save even though an agent holds a write lease on the file (else code 'LEASED'). */
  ignoreLease?: boolean;
}

export interface WriteFileResult {
  path: string;
  version: string;
  size: number;
}

export type FileChangeKind = 'add' | 'change' | 'unlink' | 'addDir' | 'unlinkDir';

export interface FileChange {
  path: string;
  kind: FileChangeKind;
}

export interface FilesChangedEvent {
  changes: FileChange[];
  /** Too many changes at once to list (an `npm install`): re-read what is shown. */
  overflow: boolean;
}

export interface WatchStatus {
  /** native: the folders the page shows are watched by the OS; polling: the OS's watch limit was hit, they are polled. */
  mode: 'native' | 'polling' | 'off';
  /** Said once to the person when watching degraded. */
  notice: string | null;
}

export interface SearchRequest {
  query: string;
  /** The query is a regular expression (Rust regex syntax under ripgrep, JS otherwise). */
  regex?: boolean;
  caseSensitive?: boolean;
  /** Only files matching this glob (a glob without "/" matches the file name at any depth). */
  include?: string;
  /** Stop after this many matches (default 2000). */
  maxResults?: number;
}

export interface SearchMatch {
  /** 1-based. */
  line: number;
  /** 1-based column (characters) of the first match on the line. */
  column: number;
  /** Length (characters) of that match. */
  length: number;
  /** The line (cut at 300 characters). */
  text: string;
}

export interface SearchFileResult {
  path: string;
  matches: SearchMatch[];
}

export interface SearchResult {
  files: SearchFileResult[];
  /** More matches existed than were returned. */
  truncated: boolean;
  engine: 'ripgrep' | 'js';
}

/** An agent's mark on one file: it changed it (pending review) and/or holds its write lease. */
export interface AgentFileMark {
  path: string;
  agentId: string;
  agentName: string;
  /** The agent's status (running, paused, completed...). */
  status: string;
  /** The agent changed this file and the change awaits Accept/Reject. */
  pending: boolean;
  /** The agent holds the file's write lease (it is editing it now). */
  leased: boolean;
}

export interface TerminalInfo {
  id: string;
  shell: string;
}

export interface TerminalSize {
  cols?: number;
  rows?: number;
}

export interface EditorService {
  listDir(path?: string): Promise<DirEntry[]>;
  readFile(path: string): Promise<FileContent>;
  /** Saves atomically (temp file + rename). Fails with 'CONFLICT', 'LEASED', 'READ_ONLY', 'BAD_INPUT', 'NOT_FOUND'. */
  writeFile(path: string, content: string, options?: WriteFileOptions): Promise<WriteFileResult>;
  /** Every file of the workspace (gitignored ones and .git left out), for quick open. */
  listFiles(): Promise<string[]>;
  /** Search across files: the same engine as the agents' grep tool. */
  searchFiles(request: SearchRequest): Promise<SearchResult>;
  getWatchStatus(): Promise<WatchStatus>;
  /** Files agents changed or are editing, for the explorer's and tabs' badges. */
  listAgentFiles(): Promise<AgentFileMark[]>;

  // The integrated terminal: the person's own shells in the workspace (no approval gate).
  /** Starts a shell in a pseudo-terminal (default 80x24); its output arrives as onDidTerminalData. */
  openTerminal(options?: TerminalSize): Promise<TerminalInfo>;
  /** The shells running in the host (they outlive a page reload). */
  listTerminals(): Promise<TerminalInfo[]>;
  /** The recent output of a running shell (to redraw it after a page reload). */
  readTerminalBuffer(id: string): Promise<string>;
  /** Sends keystrokes (or pasted text) to the shell. */
  writeTerminal(id: string, data: string): Promise<void>;
  resizeTerminal(id: string, cols: number, rows: number): Promise<void>;
  /** Hangs the shell up (its process group too); onDidTerminalExit follows. */
  closeTerminal(id: string): Promise<void>;
}

export interface EditorEvents {
  /** Files changed on disk (batched: at most one event per 100 ms). */
  onDidChangeFiles: FilesChangedEvent;
  onDidChangeWatchStatus: WatchStatus;
  /**
   * The agents' marks on files may have changed (an agent edited a file, or a
   * review action: Accept, Reject, Undo, from any page or the CLI): re-read
   * listAgentFiles. Sent to every connection, whichever agents' streams it watches.
   */
  onDidChangeAgentFiles: { agentId: string };
  /** A terminal's output (raw, with escape sequences), batched. */
  onDidTerminalData: { id: string; data: string };
  /** A terminal's shell ended (exitCode null: ended by a signal, e.g. closed). */
  onDidTerminalExit: { id: string; exitCode: number | null };
}

export const EDITOR_METHODS = [
  'listDir',
  'readFile',
  'writeFile',
  'listFiles',
  'searchFiles',
  'getWatchStatus',
  'listAgentFiles',
  'openTerminal',
  'listTerminals',
  'readTerminalBuffer',
  'writeTerminal',
  'resizeTerminal',
  'closeTerminal',
] as const satisfies readonly (keyof EditorService)[];
