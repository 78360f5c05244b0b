// How numbers read in the UI.

export { formatElapsed } from '../../shared/format.js';

export function formatPremium(requests: number): string {
  const n = Math.round(requests * 100) / 100;
  return `${n} premium request${n === 1 ? '' : 's'}`;
}

export function formatDollars(usd: number): string {
  if (usd === 0) return '$0.00';
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

export function isMac(): boolean {
  return /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}

export function shortcutLabel(key: string): string {
  return isMac() ? `⌘${key}` : `Ctrl+${key}`;
}

// One formatter for all: Number.prototype.toLocaleString builds a new one per
// call, which made a list of 200 agents take hundreds of milliseconds.
const integerFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

export function formatCount(n: number): string {
  return integerFormat.format(n);
}
