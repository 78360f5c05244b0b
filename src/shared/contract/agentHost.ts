// The hop between the supervisor and one agent process. Both directions use
// the RPC envelope over process.send (Node) or parentPort (Electron).
//
// The agent calls AgentHostService on the supervisor; the supervisor calls
// AgentProcessService on the agent. The agent never talks to the model's
// rate limits, the user, or other agents except through these calls.
//
// Typed once: every type here is `z.infer` of its schema in
// agentHostSchemas.ts / agentEventSchemas.ts (where the fields are
// documented). The imports are type-only, so a module that needs these types
// loads no zod.

import type { z } from 'zod';
import type { agentEmittedEventSchema } from './agentEventSchemas.js';
import type {
  agentHostParamsSchemas,
  agentHostResultSchemas,
  agentInitSchema,
  agentProcessParamsSchemas,
  agentProcessResultSchemas,
  pauseAnswerSchema,
  providerCredentialsSchema,
  rateLimitObservationSchema,
  rateLimitRequestSchema,
  writeIntentSchema,
} from './agentHostSchemas.js';

/** How the agent authenticates with its provider: secrets, sent over IPC only. */
export type ProviderCredentials = z.infer<typeof providerCredentialsSchema>;

/**
 * What an agent process may emit: any event but `started` (the host writes it
 * when it creates the agent), and `finished` without a summary (the host
 * computes the summary from the log: src/main/app/summary.ts).
 */
export type AgentEmittedEvent = z.infer<typeof agentEmittedEventSchema>;

export type AgentInit = z.infer<typeof agentInitSchema>;
export type RateLimitRequest = z.infer<typeof rateLimitRequestSchema>;
export type RateLimitObservation = z.infer<typeof rateLimitObservationSchema>;
export type PauseAnswer = z.infer<typeof pauseAnswerSchema>;
export type WriteIntent = z.infer<typeof writeIntentSchema>;

/** A service from its tables of params and result schemas: each method takes its tuple and answers a promise. */
type ServiceOf<Params extends Record<string, z.ZodType>, Results extends { [K in keyof Params]: z.ZodType }> = {
  [K in keyof Params]: (...args: Extract<z.output<Params[K]>, unknown[]>) => Promise<z.output<Results[K]>>;
};

/** What an agent process calls on the host (each method is documented in agentHostParamsSchemas). */
export type AgentHostService = ServiceOf<typeof agentHostParamsSchemas, typeof agentHostResultSchemas>;
/** What the host calls on an agent process. */
export type AgentProcessService = ServiceOf<typeof agentProcessParamsSchemas, typeof agentProcessResultSchemas>;

/** An agent process sends no events besides RPC answers. */
export type AgentProcessEvents = Record<never, never>;
