// Renders one stream block (see store/streamBlocks.ts).

import { memo } from 'react';
import type { StreamBlock } from '../../store/streamBlocks.js';
import { ToolCallBlock } from './ToolCallBlock.js';

export const StreamBlockView = memo(function StreamBlockView({ block }: { block: StreamBlock }) {
  switch (block.kind) {
    case 'prompt':
      return (
        <div className="stream-prompt">
          <span className="stream-label">Prompt</span>
          <div className="stream-prompt-text">{block.text}</div>
        </div>
      );
    case 'text':
      return (
        <div className={`stream-text ${block.streaming ? 'streaming' : ''}`} data-block="text">
          {block.text}
        </div>
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
      return <div className={`stream-notice tone-${block.tone}`}>{block.text}</div>;
  }
});
