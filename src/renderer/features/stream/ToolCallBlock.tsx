// One tool call in the stream: what it was asked (its input), what it printed
// and how it ended. Edits show the old and new text; commands their output.

import { useState } from 'react';
import type { StreamBlock } from '../../store/streamBlocks.js';
import { toolSummary } from './toolSummary.js';

type ToolBlock = Extract<StreamBlock, { kind: 'tool' }>;

const PREVIEW_CHARS = 1200;

function clip(text: string, open: boolean): string {
  return open || text.length <= PREVIEW_CHARS ? text : `${text.slice(0, PREVIEW_CHARS)}\n…`;
}

export function ToolCallBlock({ block }: { block: ToolBlock }) {
  const [open, setOpen] = useState(false);
  const input = (block.input ?? {}) as Record<string, unknown>;
  const state = block.result ? (block.result.ok ? 'ok' : 'failed') : 'running';
  const stateLabel =
    state === 'ok'
      ? 'done'
      : state === 'failed'
        ? 'failed'
        : block.awaiting === 'input'
          ? 'waiting for an answer'
          : block.awaiting === 'approval'
            ? 'waiting for approval'
            : 'running…';
  const long = block.output.length > PREVIEW_CHARS || (block.result?.content.length ?? 0) > PREVIEW_CHARS;

  let body: React.ReactNode = null;
  if (block.tool === 'edit_file') {
    body = (
      <div className="tool-edit">
        <pre className="diff-old">{clip(String(input.old_string ?? ''), open)}</pre>
        <pre className="diff-new">{clip(String(input.new_string ?? ''), open)}</pre>
      </div>
    );
  } else if (block.tool === 'write_file') {
    body = <pre className="tool-pre">{clip(String(input.content ?? ''), open)}</pre>;
  } else if (block.tool === 'run_command') {
    const output = block.output || (block.result?.content ?? '');
    body = output ? <pre className="tool-pre terminal">{clip(output, open)}</pre> : null;
  } else if (block.result && !block.result.ok) {
    body = <pre className="tool-pre">{clip(block.result.content, open)}</pre>;
  } else if (block.tool !== 'ask_user' && block.result) {
    body = <pre className="tool-pre muted">{clip(block.result.content, open)}</pre>;
  }

  return (
    <div className={`stream-tool tool-${state}`} data-tool={block.tool}>
      <div className="tool-header">
        <span className="tool-name">{block.tool}</span>
        <span className="tool-summary" title={JSON.stringify(block.input)}>
          {toolSummary(block.tool, block.input)}
        </span>
        <span className={`tool-state ${state}`}>{stateLabel}</span>
      </div>
      {body}
      {block.result?.changedPaths && block.result.changedPaths.length > 0 && (
        <div className="tool-changed">Changed: {block.result.changedPaths.join(', ')}</div>
      )}
      {long && (
        <button type="button" className="link-button" onClick={() => setOpen(!open)}>
          {open ? 'Show less' : 'Show all'}
        </button>
      )}
    </div>
  );
}
