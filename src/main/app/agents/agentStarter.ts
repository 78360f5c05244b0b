// The production ProcessStarter: reads what a new agent process needs (the API
// key, the model, the conversation so far, the rules file) and forks it as an
// AgentRun through the launcher (child_process.fork or utilityProcess).

import { resolve } from 'node:path';
import type { AgentOptions } from '../../../shared/agent.js';
import type { AgentHostService, ProviderCredentials } from '../../../shared/contract/agentHost.js';
import type { McpAgentConfig } from '../../../shared/mcp.js';
import type { ResolvedProvider } from '../../../shared/providers.js';
import { rebuildConversation } from '../../../shared/conversation.js';
import { reduceAgent } from '../../../shared/reduceAgent.js';
import type { Settings } from '../../../shared/settings.js';
import { scrubbedChildEnv } from '../../launch/childEnv.js';
import type { AgentLauncher, LaunchOptions } from '../../launch/launcher.js';
import { AgentRun } from '../agentRun.js';
import { hostError } from '../hostErrors.js';
import type { EventLogPort } from '../ports.js';
import { readRulesFile } from '../rulesFile.js';
import type { AgentProcess } from './agentSlot.js';
import type { LaunchPlan, ProcessStarter } from './scheduler.js';

export interface AgentStarterOptions {
  workspace: string;
  /** <OFFLOAD_HOME>/workspaces/<name>. */
  stateDir: string;
  log: EventLogPort;
  launcher: AgentLauncher;
  /** Absolute path of the compiled agent entry. */
  agentEntry: string;
  settings: () => Settings;
  /** The host's environment (the children get it minus secrets). */
  env: Record<string, string | undefined>;
  /** The API key, or null when none is set anywhere. */
  apiKey: () => Promise<string | null>;
  /** The model when neither the agent's options nor the settings name one. */
  defaultModel: (apiKey: string, baseUrl: string | undefined) => Promise<string>;
  /** Where an agent works (its own worktree, see workspace/worktrees); default: the workspace. */
  workspaceFor?: (agentId: string, options: AgentOptions) => Promise<{ mode: 'worktree' | 'working-tree'; path: string; reason?: string; created?: boolean }>;
  /**
   * A provider other than Anthropic, by id: what its agents get (provider,
   * credentials, default model). Throws BAD_INPUT for an unknown id; null for "anthropic".
   */
  providerLaunch?: (providerId: string) => Promise<ProviderLaunch | null>;
  /** The default provider id of new agents (settings: defaultProvider). */
  defaultProvider?: () => string | undefined;
  /** The MCP servers and policy every agent of the workspace gets. */
  mcp?: () => Promise<McpAgentConfig | undefined>;
  /** The host's debug log (calls an agent process made with bad input are noted there). */
  debug?: (line: string) => void;
}

export interface ProviderLaunch {
  provider: ResolvedProvider;
  credentials: ProviderCredentials;
  /** The model when the agent names none. */
  defaultModel: () => Promise<string>;
}

/** The launch of an agent's provider: null for Anthropic's own API (the API key path). */
export async function providerLaunchFor(options: AgentStarterOptions, providerId: string | undefined): Promise<ProviderLaunch | null> {
  if (!providerId || providerId === 'anthropic') return null;
  if (!options.providerLaunch) throw hostError('BAD_INPUT', `No provider "${providerId}" is configured.`);
  return options.providerLaunch(providerId);
}

export function noKeyMessage(): string {
  return 'No Anthropic API key is set. Set the ANTHROPIC_API_KEY environment variable, or save a key in the app\'s Settings, then try again.';
}

export function createAgentStarter(options: AgentStarterOptions): ProcessStarter {
  const launchOptions = (displayName: string): LaunchOptions => ({
    entry: options.agentEntry,
    cwd: options.workspace,
    env: scrubbedChildEnv(options.env),
    displayName,
  });
  return {
    async prepare(agentId: string): Promise<LaunchPlan> {
      const events = await options.log.read(agentId);
      const record = reduceAgent(agentId, events);
      const providerLaunch = await providerLaunchFor(options, record.options.provider);
      // The Anthropic key goes only to agents of the Anthropic provider.
      const apiKey = providerLaunch ? '' : await options.apiKey();
      if (!providerLaunch && !apiKey) throw hostError('NO_API_KEY', noKeyMessage());
      // The process boots while the model list, the MCP config and the rules file are read; spawn() claims it.
      options.launcher.prelaunch?.(launchOptions('offload agent'));
      const baseUrl = providerLaunch ? undefined : options.env.ANTHROPIC_BASE_URL || undefined;
      const loggedToolCalls = new Set(events.flatMap((e) => (e.type === 'tool_call' ? [e.toolUseId] : [])));
      const model =
        record.options.model ??
        (providerLaunch
          ? await providerLaunch.defaultModel()
          : (options.settings().defaultModel ?? (await options.defaultModel(apiKey!, baseUrl))));
      // A bad MCP config is reported and the agent runs without MCP (the error names the file).
      const mcpError: string[] = [];
      const mcp = await options.mcp?.().catch((error: unknown) => {
        mcpError.push(`MCP servers are off for this run: ${(error as Error).message}`);
        return undefined;
      });
      const conversation = rebuildConversation(events);
      const where = options.workspaceFor
        ? await options.workspaceFor(agentId, record.options)
        : { mode: 'working-tree' as const, path: options.workspace };
      const rules = await readRulesFile(where.path);
      return {
        modelChanged: record.model !== model,
        loggedToolCalls,
        ...(where.created || where.reason
          ? { isolation: { type: 'isolation' as const, mode: where.mode, path: where.path, ...(where.reason ? { reason: where.reason } : {}) } }
          : {}),
        init: {
          agentId,
          name: record.name,
          prompt: record.prompt,
          workspace: where.path,
          model,
          apiKey: apiKey ?? '',
          baseUrl,
          ...(providerLaunch ? { provider: providerLaunch.provider, providerCredentials: providerLaunch.credentials } : {}),
          ...(mcp && mcp.servers.length > 0 ? { mcp } : mcpError.length > 0 ? { mcpError: mcpError[0] } : {}),
          options: { ...record.options, model },
          messages: conversation.messages,
          completedToolResults: conversation.completedToolResults,
          stepsSoFar: record.steps,
          // Budgets count what earlier processes of this agent already spent.
          usageSoFar: { premiumRequests: record.premiumRequests, costUsd: record.costUsd },
          rules,
          // stateDir is <OFFLOAD_HOME>/workspaces/<name>: commands never see OFFLOAD_HOME.
          protectedPaths: [resolve(options.stateDir, '..', '..')],
        },
      };
    },
    spawn(plan: LaunchPlan, host: AgentHostService): AgentProcess {
      const launch = { ...launchOptions(`offload agent ${plan.init.name}`), cwd: plan.init.workspace };
      return new AgentRun({
        launcher: options.launcher,
        entry: launch.entry,
        workspace: launch.cwd,
        env: launch.env,
        displayName: launch.displayName,
        hostService: host,
        debug: options.debug,
      });
    },
  };
}
