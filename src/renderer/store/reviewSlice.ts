// The review of each agent's changes: its file diffs, and whether they are
// out of date because the agent (or a review action) changed files since.

import type { StateCreator } from 'zustand';
import type { FileDiff } from '../../shared/review.js';
import type { OffloadState } from './offloadStore.js';

export interface AgentReview {
  diffs: FileDiff[];
  /** Bumped whenever files may have changed; the review view re-reads when it differs. */
  version: number;
  /** The version the diffs (or the error) were read at; -1 until the first answer. */
  loadedVersion: number;
  error: string | null;
}

export const EMPTY_REVIEW: AgentReview = { diffs: [], version: 0, loadedVersion: -1, error: null };

export interface ReviewSlice {
  reviews: Record<string, AgentReview>;
  setDiffs(agentId: string, diffs: FileDiff[], version: number): void;
  setReviewError(agentId: string, error: string): void;
  invalidateReview(agentId: string): void;
  /** A file accepted or rejected as a whole leaves the review at once; the re-read that follows confirms it. */
  dropReviewFile(agentId: string, path: string): void;
}

export const createReviewSlice: StateCreator<OffloadState, [], [], ReviewSlice> = (set) => ({
  reviews: {},
  setDiffs(agentId, diffs, version) {
    set((state) => {
      const current = state.reviews[agentId] ?? EMPTY_REVIEW;
      return { reviews: { ...state.reviews, [agentId]: { ...current, diffs, loadedVersion: version, error: null } } };
    });
  },
  setReviewError(agentId, error) {
    set((state) => {
      const current = state.reviews[agentId] ?? EMPTY_REVIEW;
      return { reviews: { ...state.reviews, [agentId]: { ...current, error, loadedVersion: current.version } } };
    });
  },
  dropReviewFile(agentId, path) {
    set((state) => {
      const current = state.reviews[agentId];
      if (!current) return {};
      return { reviews: { ...state.reviews, [agentId]: { ...current, diffs: current.diffs.filter((d) => d.path !== path) } } };
    });
  },
  invalidateReview(agentId) {
    set((state) => {
      const current = state.reviews[agentId] ?? EMPTY_REVIEW;
      return { reviews: { ...state.reviews, [agentId]: { ...current, version: current.version + 1 } } };
    });
  },
});
