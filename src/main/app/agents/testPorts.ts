// For unit tests of the supervisor's parts: a review and a rate limiter that
// do nothing (the tests that use them look at the log and the processes).

import type { RateLimitPort, ReviewPort } from '../ports.js';

export const inertReview: ReviewPort = {
  beforeWrite: () => undefined,
  afterWrite: () => undefined,
  beforeCommand: () => undefined,
  afterCommand: () => [],
  listChanges: () => [],
  releaseLeases: () => undefined,
};

export const unlimitedRateLimits: RateLimitPort = { acquire: async () => {}, observe: () => {} };
