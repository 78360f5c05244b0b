// Command output shown as a terminal would show it: colours from SGR escape
// codes (ansi_up turns them into classed spans; its HTML escaping stays on),
// and lines redrawn in place (a spinner's "⠙ ESC[1G ESC[0K") show only what
// is left on the line, never the raw escapes.

import { memo, useMemo } from 'react';
import { AnsiUp } from 'ansi_up';

/** Carriage return, or the cursor moved to column 1 (CSI G / CSI 1G / CSI 0G). */
const TO_LINE_START = /\r|\x1b\[[01]?G/;
/** Erase in line (CSI K, 0K, 1K, 2K): after a return to column 1 the old line is gone. */
const ERASE_LINE = /\x1b\[[012]?K/g;

/**
 * What each line shows after its redraws. A redraw that writes less than the
 * line held keeps the old line's tail on a real terminal; spinners and
 * progress bars erase first, so the last non-empty redraw is what a person saw.
 */
export function settleRedraws(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      if (!TO_LINE_START.test(line)) return line.replace(ERASE_LINE, '');
      const parts = line.split(TO_LINE_START).map((part) => part.replace(ERASE_LINE, ''));
      for (let i = parts.length - 1; i >= 0; i--) if (parts[i]) return parts[i]!;
      return '';
    })
    .join('\n');
}

export function ansiToHtml(text: string): string {
  const converter = new AnsiUp();
  converter.use_classes = true;
  converter.escape_html = true;
  return converter.ansi_to_html(settleRedraws(text));
}

export const TerminalOutput = memo(function TerminalOutput({ text, className = '' }: { text: string; className?: string }) {
  const html = useMemo(() => ansiToHtml(text), [text]);
  return <pre className={`tool-pre terminal ${className}`} dangerouslySetInnerHTML={{ __html: html }} />;
});
