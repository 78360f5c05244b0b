// The production ProcessStarter: reads what a new agent process needs (the API
// key, the model, the conversation so far, the rules file) and forks it as an
// AgentRun through the launcher (child_process.fork or utilityProcess).

import { resolve } from 'node:path';
import type { AgentOptions } from '../../../shared/agent.js';
import type { AgentHostService } from '../../../shared/contract/agentHost.js';
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
      const apiKey = await options.apiKey();
      if (!apiKey) throw hostError('NO_API_KEY', noKeyMessage());
      // The process boots while the log, the model list and the rules file are read; spawn() claims it.
      options.launcher.prelaunch?.(launchOptions('offload agent'));
      const baseUrl = options.env.ANTHROPIC_BASE_URL || undefined;
      const events = await options.log.read(agentId);
      const record = reduceAgent(agentId, events);
      const loggedToolCalls = new Set(events.flatMap((e) => (e.type === 'tool_call' ? [e.toolUseId] : [])));
      const model = record.options.model ?? options.settings().defaultModel ?? (await options.defaultModel(apiKey, baseUrl));
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
          apiKey,
          baseUrl,
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
      });
    },
  };
}
