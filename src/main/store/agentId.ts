// Agent ids: short, safe as folder names, and sortable by creation time as
// plain strings (so `ls` and a sort of the ids both give creation order).

import { randomBytes } from 'node:crypto';

/** Base-36 milliseconds, padded: 9 digits last until the year 5188. */
const TIME_DIGITS = 9;
let lastTime = 0;
let sequence = 0;

/** e.g. "0mict3k2a01x7f3": 9 time digits, 2 in-process sequence digits, 4 random. */
export function newAgentId(now: number = Date.now()): string {
  // Ids made in the same millisecond (or with a clock step back) still sort in creation order.
  if (now <= lastTime) {
    sequence += 1;
    if (sequence >= 36 * 36) {
      lastTime += 1;
      sequence = 0;
    }
  } else {
    lastTime = now;
    sequence = 0;
  }
  const time = lastTime.toString(36).padStart(TIME_DIGITS, '0');
  const seq = sequence.toString(36).padStart(2, '0');
  const random = Array.from(randomBytes(4), (byte) => (byte % 36).toString(36)).join('');
  return `${time}${seq}${random}`;
}
