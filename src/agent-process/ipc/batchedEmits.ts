// The agent's events go to the host in batches: every emit() of one tick
// (an assistant message and its usage, a tool result and the next user
// message, bursts of command output) travels as one emitBatch message and is
// written to the log with one write (bench/supervisorOverhead.ts).
//
// Order is kept: any other call to the host (pause, the review's write hooks,
// the rate limiter) first sends the events queued before it, so the host sees
// everything in the order the agent did it.

import type { AgentEmittedEvent, AgentHostService } from '../../shared/contract/agentHost.js';

interface Queued {
  body: AgentEmittedEvent;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export function batchingHost(host: AgentHostService): AgentHostService {
  let queue: Queued[] = [];
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    host.emitBatch(batch.map((q) => q.body)).then(
      () => batch.forEach((q) => q.resolve()),
      (error: unknown) => batch.forEach((q) => q.reject(error)),
    );
  };

  const emit = (body: AgentEmittedEvent) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ body, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });

  return new Proxy(host, {
    get(target, name, receiver) {
      if (name === 'emit') return emit;
      const original = Reflect.get(target, name, receiver) as unknown;
      if (typeof original !== 'function') return original;
      return (...args: unknown[]) => {
        flush();
        return (original as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
