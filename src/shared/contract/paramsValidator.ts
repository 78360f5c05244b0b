// The `validate` hook of serveRpc, built from a table of params schemas (one
// zod tuple of arguments per method): the host's service to pages and remote
// CLIs (offloadSchemas.ts) and both sides of the agent hop (agentHostSchemas.ts).

import { z } from 'zod';
import { RpcError } from '../rpc/envelope.js';

/** Words for one zod issue, naming the argument and field, without ever quoting the value (it may be a secret). */
function describeIssue(issue: z.core.$ZodIssue): string {
  const [index, ...rest] = issue.path;
  const where =
    typeof index === 'number' ? `argument ${index + 1}${rest.length ? ` (${rest.map(String).join('.')})` : ''}` : 'the arguments';
  return `${where}: ${issue.message.replace(/\.$/, '')}`;
}

/**
 * Returns the parsed arguments, or throws an RpcError: NOT_FOUND for a method
 * the table lacks, BAD_INPUT saying what is wrong. `prefix` names the service
 * in the message ("Invalid input for the host.emit: ...").
 */
export function paramsValidator(schemas: Record<string, z.ZodType>, prefix = '') {
  return (method: string, params: unknown[]): unknown[] => {
    if (!Object.prototype.hasOwnProperty.call(schemas, method)) {
      throw new RpcError(`Unknown method "${method.slice(0, 64)}".`, 'NOT_FOUND');
    }
    const parsed = (schemas[method] as z.ZodType<unknown[]>).safeParse(params);
    if (parsed.success) return parsed.data;
    const issues = parsed.error.issues.slice(0, 3).map(describeIssue);
    const more = parsed.error.issues.length > 3 ? ` (and ${parsed.error.issues.length - 3} more problems)` : '';
    throw new RpcError(`Invalid input for ${prefix}${method}: ${issues.join('; ')}${more}.`, 'BAD_INPUT');
  };
}
