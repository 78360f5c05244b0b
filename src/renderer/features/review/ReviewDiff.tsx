// One file's diff in the review: a side-by-side Monaco diff editor sized to
// what it shows (unchanged regions folded away), shown only once the diff is
// computed (no flash of the file's first lines), with each hunk's Accept /
// Reject right above the hunk's first changed line: Monaco keeps the room (an
// empty view zone on both sides), and the buttons sit over that room in a
// layer of ours, outside Monaco's DOM (which hides view zones from
// assistive technology).

import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { DiffHunk } from '../../../shared/review.js';
import { useColorScheme } from '../../app/useColorScheme.js';
import { languageFor, monacoTheme } from '../editor/monacoLoader.js';
import { useMonaco } from '../editor/useMonaco.js';
import { nameDiffSides, sideBySideDiffOptions } from '../editor/DiffView.js';

const ZONE_PX = 30;
const MAX_PX = 640;
const MIN_PX = 48;

interface ReviewDiffProps {
  path: string;
  original: string;
  modified: string;
  hunks: DiffHunk[];
  /** The actions shown above one hunk. */
  renderHunkActions: (hunk: DiffHunk) => ReactNode;
}

/** The first line (1-based, in the file as it is now) a hunk changes: its start plus its leading context. */
export function firstChangedLine(hunk: DiffHunk): number {
  const leading = hunk.lines.findIndex((line) => !line.startsWith(' '));
  return hunk.newStart + Math.max(0, leading);
}

export function ReviewDiff({ path, original, modified, hunks, renderHunkActions }: ReviewDiffProps) {
  const monaco = useMonaco();
  const scheme = useColorScheme();
  const host = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState(0);
  const frame = useRef<HTMLDivElement>(null);
  const [placed, setPlaced] = useState<{ hunk: DiffHunk; top: number; left: number; width: number }[]>([]);
  const hunkKey = hunks.map((h) => `${h.index}:${h.newStart}:${h.newLines}:${h.oldStart}`).join('|');

  useEffect(() => {
    if (!monaco || !host.current) return;
    const language = languageFor(monaco, path);
    const originalModel = monaco.editor.createModel(original, language);
    const modifiedModel = monaco.editor.createModel(modified, language);
    const diff = monaco.editor.createDiffEditor(host.current, {
      ...sideBySideDiffOptions(monacoTheme(scheme)),
      scrollbar: { alwaysConsumeMouseWheel: false },
      ariaLabel: `Changes to ${path}`,
      originalAriaLabel: `${path} before the agent`,
      modifiedAriaLabel: `${path} now`,
    });
    diff.setModel({ original: originalModel, modified: modifiedModel });
    nameDiffSides(diff, `${path} before the agent`, `${path} now`);
    const modifiedEditor = diff.getModifiedEditor();
    const originalEditor = diff.getOriginalEditor();

    // Room above each hunk's first changed line, on both sides so lines stay aligned.
    modifiedEditor.changeViewZones((accessor) => {
      for (const hunk of hunks) accessor.addZone({ afterLineNumber: firstChangedLine(hunk) - 1, heightInPx: ZONE_PX, domNode: document.createElement('div') });
    });
    originalEditor.changeViewZones((accessor) => {
      for (const hunk of hunks) {
        const leading = Math.max(0, hunk.lines.findIndex((line) => !line.startsWith(' ')));
        accessor.addZone({ afterLineNumber: hunk.oldStart + leading - 1, heightInPx: ZONE_PX, domNode: document.createElement('div') });
      }
    });

    // Where that room is now (it moves as the diff scrolls or regions unfold).
    const place = () => {
      const box = frame.current?.getBoundingClientRect();
      const side = modifiedEditor.getDomNode()?.getBoundingClientRect();
      if (!box || !side) return;
      const scrollTop = modifiedEditor.getScrollTop();
      setPlaced(
        hunks.map((hunk) => ({
          hunk,
          top: modifiedEditor.getTopForLineNumber(firstChangedLine(hunk)) - ZONE_PX - scrollTop,
          left: side.left - box.left,
          width: side.width,
        })),
      );
    };
    const fit = () => {
      const content = Math.max(modifiedEditor.getContentHeight(), originalEditor.getContentHeight());
      setHeight(Math.max(MIN_PX, Math.min(MAX_PX, content + 2)));
      place();
    };
    const subscriptions = [
      diff.onDidUpdateDiff(fit),
      modifiedEditor.onDidContentSizeChange(fit),
      originalEditor.onDidContentSizeChange(fit),
      modifiedEditor.onDidScrollChange(place),
      modifiedEditor.onDidLayoutChange(place),
    ];
    return () => {
      for (const s of subscriptions) s.dispose();
      setPlaced([]);
      diff.dispose();
      originalModel.dispose();
      modifiedModel.dispose();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [monaco, path, original, modified, hunkKey]);

  const ready = height > 0;
  const shown = ready ? height : 120;
  return (
    <div className="review-diff-frame" ref={frame}>
      <div
        className={`diff-view review-diff ${ready ? '' : 'measuring'}`}
        ref={host}
        style={{ height: shown }}
        data-path={path}
        aria-label={`Changes to ${path}, side by side`}
        role="group"
      >
        {!monaco && <div className="editor-loading">Loading diff…</div>}
      </div>
      {ready &&
        placed
          .filter(({ top }) => top > -ZONE_PX && top < shown)
          .map(({ hunk, top, left, width }) => (
            <div key={hunk.index} className="hunk-actions" style={{ top, left, width, height: ZONE_PX }}>
              {renderHunkActions(hunk)}
            </div>
          ))}
    </div>
  );
}
