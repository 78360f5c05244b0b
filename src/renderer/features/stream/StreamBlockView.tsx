// Renders one stream block (see store/streamBlocks.ts).

import { memo } from 'react';
import type { StreamBlock } from '../../store/streamBlocks.js';
import { MarkdownText } from './markdownText.js';
import { ToolCallBlock } from './ToolCallBlock.js';

export const StreamBlockView = memo(function StreamBlockView({ block }: { block: StreamBlock }) {
  switch (block.kind) {
    case 'prompt':
      return (
        <div className="stream-prompt">
          <span className="stream-label">{block.label ?? 'Prompt'}</span>
          <div className="stream-prompt-text">{block.text}</div>
        </div>
      );
    case 'text':
      // Markdown once the turn's text is complete: re-parsing and sanitizing it on every delta cost ~10x the frame work (bench/ui.ts).
      return block.streaming ? (
        <div className="stream-text streaming plain" data-block="text">
          {block.text}
        </div>
      ) : (
        <MarkdownText text={block.text} className="stream-text" />
      );
    case 'tool':
      return <ToolCallBlock block={block} />;
    case 'pause':
      return (
        <div className="stream-notice tone-warn">
          {block.item.kind === 'input' ? `Asked: ${block.item.question}` : `Needs approval to run: ${block.item.command}`}
          {block.item.kind === 'approval' && block.item.detail ? ` (${block.item.detail})` : ''}
        </div>
      );
    case 'answer':
      return <div className="stream-notice tone-info">{block.text}</div>;
    case 'notice':
      return (
        <div className={`stream-notice tone-${block.tone}`}>
          {block.text}
          {block.count && block.count > 1 ? <span className="repeat-count">{` ×${block.count}`}</span> : null}
        </div>
      );
    case 'retries':
      return (
        <div className="stream-notice tone-warn" title={block.reason}>
          {block.count > 1 ? `Retried ${block.count} times. Last: ${block.text}` : block.text}
        </div>
      );
  }
});
