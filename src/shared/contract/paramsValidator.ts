// The contract's runtime checks, both ways of a call: the `validate` hook of
// serveRpc (the params, one zod tuple of arguments per method) and the
// `checkResult` hook of createRpcClient (the answer, one zod schema per
// method). Used for the host's service to pages and remote CLIs
// (offloadSchemas.ts) and both sides of the agent hop (agentHostSchemas.ts).

import { compile, z } from 'zod';
import { RpcError } from '../rpc/envelope.js';

/**
 * After this many checks of one method, its schema is compiled (`z.compile`,
 * zod's README, "AOT compilation": one generated function per schema; a valid
 * input takes it, an invalid one falls back to the regular parser, so the
 * errors are the same). Compiling costs ~25 ms for the agent's emitBatch and
 * saves ~0.1 ms a check: worth it for a method the host is checking at every
 * step (issue 11: bench/supervisorOverhead's host time per step p50 1.9-2.0 ->
 * 1.4-1.5 ms), not for the handful of calls of a one-shot `offload run`.
 */
export const COMPILE_AFTER_CHECKS = 100;

/** Where an issue is: "argument 2 (options.model)" for params, "options.model" for an answer. */
function describeIssue(issue: z.core.$ZodIssue, inParams: boolean): string {
  const [index, ...rest] = issue.path;
  const where = !inParams
    ? issue.path.length
      ? issue.path.map(String).join('.')
      : 'the answer'
    : typeof index === 'number'
      ? `argument ${index + 1}${rest.length ? ` (${rest.map(String).join('.')})` : ''}`
      : 'the arguments';
  return `${where}: ${issue.message.replace(/\.$/, '')}`;
}

/** At most three issues in words, never quoting a value (it may be a secret). */
function describeIssues(error: z.ZodError, inParams: boolean): string {
  const issues = error.issues.slice(0, 3).map((issue) => describeIssue(issue, inParams));
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more problems)` : '';
  return issues.join('; ') + more;
}

function has(schemas: Record<string, z.ZodType>, method: string): boolean {
  return Object.prototype.hasOwnProperty.call(schemas, method);
}

/**
 * Returns the parsed arguments, or throws an RpcError: NOT_FOUND for a method
 * the table lacks, BAD_INPUT saying what is wrong. `prefix` names the service
 * in the message ("Invalid input for the host.emit: ...").
 */
export function paramsValidator(schemas: Record<string, z.ZodType>, prefix = '', compileAfter = COMPILE_AFTER_CHECKS) {
  const checks = new Map<string, number>();
  const compiled = new Map<string, z.ZodType>();
  const schemaFor = (method: string): z.ZodType => {
    const ready = compiled.get(method);
    if (ready) return ready;
    const count = (checks.get(method) ?? 0) + 1;
    checks.set(method, count);
    if (count <= compileAfter) return schemas[method]!;
    const fast = compile(schemas[method]!);
    compiled.set(method, fast);
    return fast;
  };
  return (method: string, params: unknown[]): unknown[] => {
    if (!has(schemas, method)) throw new RpcError(`Unknown method "${method.slice(0, 64)}".`, 'NOT_FOUND');
    const parsed = (schemaFor(method) as z.ZodType<unknown[]>).safeParse(params);
    if (parsed.success) return parsed.data;
    throw new RpcError(`Invalid input for ${prefix}${method}: ${describeIssues(parsed.error, true)}.`, 'BAD_INPUT');
  };
}

/**
 * Returns the parsed answer to a call, or throws an RpcError BAD_ANSWER
 * ("The host's answer to pause was malformed: decision: ..."). `prefix` names
 * who answered. A method the table lacks has nothing to check.
 */
export function resultValidator(schemas: Record<string, z.ZodType>, prefix: string) {
  return (method: string, result: unknown): unknown => {
    if (!has(schemas, method)) return result;
    const parsed = schemas[method]!.safeParse(result);
    if (parsed.success) return parsed.data;
    throw new RpcError(`${prefix}${method} was malformed: ${describeIssues(parsed.error, false)}.`, 'BAD_ANSWER');
  };
}
