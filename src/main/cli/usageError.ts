// Bad usage or input: the CLI prints the message and exits 2.

export class UsageError extends Error {
  readonly code = 'BAD_INPUT';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Host error codes that mean "the request was wrong", not "something failed". */
const USAGE_CODES = new Set(['BAD_INPUT', 'NOT_FOUND', 'NO_API_KEY', 'BAD_STATE', 'AGENT_BUSY', 'CONFLICT', 'USER_EDITED']);

export function isUsageError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return error instanceof UsageError || (typeof code === 'string' && USAGE_CODES.has(code));
}
