// Errors review raises, with a `code` callers (supervisor, CLI, tools) switch on.
// Messages are written for the person or model who reads them.

export type ReviewErrorCode =
  /** Another agent holds the write lease on a path (the agent's tool gets this as its error). */
  | 'CONFLICT'
  /** The user changed a file after the agent's last write; reject/undo need force. */
  | 'USER_EDITED'
  /** No such change or hunk to accept or reject. */
  | 'NOT_FOUND'
  /** A request that cannot be carried out as asked (path outside the workspace, --hunk on a binary...). */
  | 'BAD_REQUEST';

export class ReviewError extends Error {
  constructor(
    readonly code: ReviewErrorCode,
    message: string,
    /** The workspace-relative paths concerned. */
    readonly paths: string[] = [],
    /** For CONFLICT: the agent id holding the lease. */
    readonly holder?: string,
  ) {
    super(message);
    this.name = 'ReviewError';
  }
}
