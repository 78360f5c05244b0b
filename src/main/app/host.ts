// The host: one supervisor for one workspace, seen through the typed service.
// The CLI (in-process or through a running host), the WebSocket server and the
// Electron shell all hold an OffloadHost; createHost() builds one.

import type { OffloadEvents, OffloadService } from '../../shared/contract/offloadService.js';
import type { Settings } from '../../shared/settings.js';
import type { AgentLauncher } from '../launch/launcher.js';
import type { SecretStore } from '../store/secretStore.js';

export type HostEventListener = <K extends keyof OffloadEvents & string>(name: K, data: OffloadEvents[K]) => void;

export interface OffloadHost {
  readonly service: OffloadService;
  readonly workspace: string;
  /** Subscribes to the service's events; returns an unsubscribe function. */
  onEvent(listener: HostEventListener): () => void;
  /** Agents this host runs or has queued (a host must not close under them). */
  activeAgentIds?(): string[];
  /** Stops every agent process (their agents read as interrupted) and releases resources. */
  dispose(): Promise<void>;
}

export interface HostOptions {
  /** Absolute path of the project folder. */
  workspace: string;
  /** OFFLOAD_HOME: all state lives below it. */
  home: string;
  runtime: 'node' | 'electron';
  /** Default: child_process.fork. The desktop app passes utilityProcess.fork. */
  launcher?: AgentLauncher;
  /** Default: keychain tool or user-only file. The desktop app passes safeStorage. */
  secretStore?: SecretStore;
  /** Highest-priority settings (CLI flags). */
  settingsOverrides?: Partial<Settings>;
  /** The environment to read OFFLOAD_* and ANTHROPIC_* from (default process.env). */
  env?: Record<string, string | undefined>;
  /** Start-up notices for the person (e.g. the privacy check fixed OFFLOAD_HOME); default: a process warning. */
  onNotice?: (message: string) => void;
  /**
   * Keep one idle agent process ready for the next launch (launch/warmSpare.ts).
   * For long-lived hosts (`offload serve`, the desktop app); a one-command CLI
   * host would only pay for a process it never uses.
   */
  warmSpare?: boolean;
}
