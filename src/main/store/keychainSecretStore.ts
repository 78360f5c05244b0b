// The API key in the OS keychain, through the platform's own command-line
// tool (no native module): `security` on macOS, `secret-tool` (libsecret, so
// GNOME Keyring or KWallet behind the Secret Service) on Linux. Entries are
// keyed by the Offload home too, so a test's temp home never meets the
// user's real key.
//
// Secrets reach secret-tool on stdin. macOS's `security` only takes the
// password as an argument (briefly visible to the same user's `ps`); the
// desktop app uses Electron's safeStorage instead.

import { spawn } from 'node:child_process';
import type { SecretStore } from './secretStore.js';

const SERVICE = 'Offload';
const TOOL_TIMEOUT_MS = 5_000;

export interface KeychainSecretStoreOptions {
  home: string;
  env?: Record<string, string | undefined>;
  platform?: NodeJS.Platform;
}

interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The tool could not be started (not on PATH) or timed out. */
  failed: boolean;
}

export class KeychainSecretStore implements SecretStore {
  readonly kind = 'keychain' as const;
  readonly description: string;
  private readonly home: string;
  private readonly env: Record<string, string | undefined>;
  private readonly platform: NodeJS.Platform;
  private usable: Promise<boolean> | null = null;

  constructor(options: KeychainSecretStoreOptions) {
    this.home = options.home;
    this.env = options.env ?? process.env;
    this.platform = options.platform ?? process.platform;
    this.description = this.platform === 'darwin' ? 'the macOS keychain' : 'the system keyring (Secret Service)';
  }

  /** True when the platform's tool exists and a keychain answers it. Checked once. */
  isUsable(): Promise<boolean> {
    this.usable ??= this.probe();
    return this.usable;
  }

  async get(name: string): Promise<string | null> {
    if (this.platform === 'darwin') {
      const result = await this.run('security', ['find-generic-password', '-s', SERVICE, '-a', this.account(name), '-w']);
      if (result.code === 0) return result.stdout.replace(/\n$/, '');
      // 44: "The specified item could not be found in the keychain."
      if (result.code === 44) return null;
      throw this.toolError('read from', result);
    }
    const result = await this.run('secret-tool', ['lookup', ...this.attributes(name)]);
    if (result.code === 0) return result.stdout === '' ? null : result.stdout.replace(/\n$/, '');
    // secret-tool exits 1 with nothing on stderr when there is no such item.
    if (result.code === 1 && result.stderr.trim() === '') return null;
    throw this.toolError('read from', result);
  }

  async set(name: string, value: string): Promise<void> {
    if (this.platform === 'darwin') {
      const result = await this.run('security', ['add-generic-password', '-U', '-s', SERVICE, '-a', this.account(name), '-l', `${SERVICE}: ${name}`, '-w', value]);
      if (result.code !== 0) throw this.toolError('save to', result);
      return;
    }
    const result = await this.run('secret-tool', ['store', `--label=${SERVICE}: ${name}`, ...this.attributes(name)], value);
    if (result.code !== 0) throw this.toolError('save to', result);
  }

  async delete(name: string): Promise<void> {
    if (this.platform === 'darwin') {
      const result = await this.run('security', ['delete-generic-password', '-s', SERVICE, '-a', this.account(name)]);
      if (result.code !== 0 && result.code !== 44) throw this.toolError('remove from', result);
      return;
    }
    const result = await this.run('secret-tool', ['clear', ...this.attributes(name)]);
    if (result.code !== 0 && !(result.code === 1 && result.stderr.trim() === '')) throw this.toolError('remove from', result);
  }

  private async probe(): Promise<boolean> {
    if (this.platform === 'darwin') {
      const result = await this.run('security', ['default-keychain']);
      return !result.failed && result.code === 0;
    }
    if (this.platform !== 'linux' && this.platform !== 'freebsd' && this.platform !== 'openbsd') return false;
    // A lookup of an entry that does not exist: exit 0 or 1 with a quiet stderr
    // means a Secret Service answered; no D-Bus, no keyring or a hang means no.
    const result = await this.run('secret-tool', ['lookup', 'service', SERVICE, 'probe', 'offload-availability-check']);
    return !result.failed && (result.code === 0 || result.code === 1) && result.stderr.trim() === '';
  }

  private account(name: string): string {
    return `${name} (${this.home})`;
  }

  private attributes(name: string): string[] {
    return ['service', SERVICE, 'account', name, 'home', this.home];
  }

  private toolError(verb: string, result: ToolResult): Error {
    // stderr of these tools never holds the secret (it goes on stdin or comes back on stdout).
    const detail = result.failed ? 'the keychain tool did not answer' : result.stderr.trim() || `exit code ${result.code}`;
    return new Error(`Could not ${verb} ${this.description}: ${detail}. Set OFFLOAD_SECRET_STORE=file to keep the key in a user-only file instead.`);
  }

  private run(command: string, args: string[], input?: string): Promise<ToolResult> {
    return new Promise((resolve) => {
      let stdout = '';
      let stderr = '';
      let settled = false;
      const finish = (result: ToolResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const child = spawn(command, args, { env: this.env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        finish({ code: null, stdout, stderr, failed: true });
      }, TOOL_TIMEOUT_MS);
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', () => finish({ code: null, stdout, stderr, failed: true }));
      child.on('close', (code) => finish({ code, stdout, stderr, failed: false }));
      child.stdin.on('error', () => {
        // The tool exited before reading its input; its exit code tells why.
      });
      child.stdin.end(input ?? '');
    });
  }
}
