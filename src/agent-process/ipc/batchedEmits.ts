// The agent's events go to the host in batches: every emit() of one tick
// (an assistant message and its usage, a tool result and the next user
// message, bursts of command output) travels as one emitBatch message and is
// written to the log with one write (bench/supervisorOverhead.ts). The
// rate-limit reports of that tick (reportRateLimit: a response's headers, a
// call's end with its usage) travel in the same message: a call's end is
// reported in the tick its usage and message are emitted, so it costs no
// message of its own.
//
// Order is kept: any other call to the host (pause, the review's write hooks,
// the rate limiter's acquire) first sends what was queued before it, so the
// host sees everything in the order the agent did it, and a 429's report
// reaches the limiter before the agent asks it again.

import type { AgentEmittedEvent, AgentHostService, RateLimitObservation } from '../../shared/contract/agentHost.js';

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

export function batchingHost(host: AgentHostService): AgentHostService {
  let events: AgentEmittedEvent[] = [];
  let observations: RateLimitObservation[] = [];
  let waiters: Waiter[] = [];
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    if (events.length === 0 && observations.length === 0) return;
    const batch = waiters;
    // No second argument when there is no report: over a JSON pipe an `undefined` argument arrives as null.
    const sent = observations.length > 0 ? host.emitBatch(events, observations) : host.emitBatch(events);
    events = [];
    observations = [];
    waiters = [];
    sent.then(
      () => batch.forEach((w) => w.resolve()),
      (error: unknown) => batch.forEach((w) => w.reject(error)),
    );
  };

  const queued = (push: () => void) =>
    new Promise<void>((resolve, reject) => {
      push();
      waiters.push({ resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });

  const emit = (body: AgentEmittedEvent) => queued(() => events.push(body));
  const reportRateLimit = (observation: RateLimitObservation) => queued(() => observations.push(observation));

  return new Proxy(host, {
    get(target, name, receiver) {
      if (name === 'emit') return emit;
      if (name === 'reportRateLimit') return reportRateLimit;
      const original = Reflect.get(target, name, receiver) as unknown;
      if (typeof original !== 'function') return original;
      return (...args: unknown[]) => {
        flush();
        return (original as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
