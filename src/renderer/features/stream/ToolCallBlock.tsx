// One tool call in the stream: what it was asked (its input), what it printed
// and how it ended. A failure comes first (the error, then what was
// attempted). Reads, listings and searches are one line that expands; edits
// show the old and new text; commands their output as a terminal shows it.

import { memo, useState } from 'react';
import type { StreamBlock } from '../../store/streamBlocks.js';
import { useOffloadStore } from '../../store/offloadStore.js';
import { TerminalOutput } from './terminalOutput.js';
import { toolSummary } from './toolSummary.js';

type ToolBlock = Extract<StreamBlock, { kind: 'tool' }>;

const PREVIEW_CHARS = 1200;
/** Tools whose result is context for the model, not news for the person: one line until opened. */
const QUIET_TOOLS = new Set(['read_file', 'list_dir', 'grep', 'glob', 'codebase_search', 'web_search', 'web_fetch']);

function clip(text: string, open: boolean): string {
  return open || text.length <= PREVIEW_CHARS ? text : `${text.slice(0, PREVIEW_CHARS)}\n…`;
}

function stateLabelOf(block: ToolBlock, state: 'ok' | 'failed' | 'running'): string {
  if (state === 'ok') return 'done';
  if (state === 'failed') return 'failed';
  if (block.awaiting === 'input') return 'waiting for an answer';
  if (block.awaiting === 'approval') return 'waiting for approval';
  return 'running…';
}

function FileLink({ path }: { path: string }) {
  return (
    <button type="button" className="link-button file-link mono" title={`Open ${path}`} onClick={() => useOffloadStore.getState().openFile(path)}>
      {path}
    </button>
  );
}

export const ToolCallBlock = memo(function ToolCallBlock({ block }: { block: ToolBlock }) {
  const input = (block.input ?? {}) as Record<string, unknown>;
  const state = block.result ? (block.result.ok ? 'ok' : 'failed') : 'running';
  const quiet = QUIET_TOOLS.has(block.tool) && state !== 'failed';
  const [expanded, setExpanded] = useState(false);
  const [full, setFull] = useState(false);
  const showBody = !quiet || expanded;
  const long = block.output.length > PREVIEW_CHARS || (block.result?.content.length ?? 0) > PREVIEW_CHARS;
  const path = typeof input.path === 'string' && input.path && block.tool !== 'list_dir' && block.tool !== 'grep' ? input.path : null;

  let attempted: React.ReactNode = null;
  if (block.tool === 'edit_file') {
    attempted = (
      <div className="tool-edit">
        <pre className="diff-old">{clip(String(input.old_string ?? ''), full)}</pre>
        <pre className="diff-new">{clip(String(input.new_string ?? ''), full)}</pre>
      </div>
    );
  } else if (block.tool === 'write_file') {
    attempted = <pre className="tool-pre">{clip(String(input.content ?? ''), full)}</pre>;
  } else if (block.tool === 'run_command') {
    const output = block.output || (state === 'ok' ? (block.result?.content ?? '') : '');
    attempted = output ? <TerminalOutput text={clip(output, full)} /> : null;
  } else if (state === 'ok' && block.tool !== 'ask_user' && block.result) {
    attempted = <pre className="tool-pre muted">{clip(block.result.content, full)}</pre>;
  }

  const summary = block.ranCommand ? `$ ${block.ranCommand}` : toolSummary(block.tool, block.input);
  const headerText = (
    <>
      <span className="tool-name">{block.tool}</span>
      <span className="tool-summary" title={block.ranCommand ? `Edited from: ${String(input.command ?? '')}` : JSON.stringify(block.input)}>
        {summary}
      </span>
      {block.ranCommand && <span className="tool-edited">edited</span>}
    </>
  );

  return (
    <div className={`stream-tool tool-${state} ${quiet ? 'quiet' : ''}`} data-tool={block.tool}>
      <div className="tool-header">
        {quiet ? (
          <button type="button" className="tool-toggle" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
            <span className="chevron" aria-hidden="true">
              {expanded ? '▾' : '▸'}
            </span>
            {headerText}
          </button>
        ) : (
          headerText
        )}
        {path && <FileLink path={path} />}
        <span className={`tool-state ${state}`}>{stateLabelOf(block, state)}</span>
      </div>
      {state === 'failed' && (
        <div className="tool-error">
          <strong>Failed: </strong>
          <span className="tool-error-text">{clip(block.result!.content, full)}</span>
        </div>
      )}
      {showBody && attempted && (
        <div className="tool-body">
          {state === 'failed' && <div className="tool-attempted-label">Attempted:</div>}
          {attempted}
        </div>
      )}
      {block.result?.changedPaths && block.result.changedPaths.length > 0 && (
        <div className="tool-changed">
          Changed:{' '}
          {block.result.changedPaths.map((changed, i) => (
            <span key={changed}>
              {i > 0 && ', '}
              <FileLink path={changed} />
            </span>
          ))}
        </div>
      )}
      {long && showBody && (
        <button type="button" className="link-button" onClick={() => setFull(!full)}>
          {full ? 'Show less' : 'Show all'}
        </button>
      )}
    </div>
  );
});
