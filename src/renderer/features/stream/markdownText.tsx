// The model's prose, rendered as Markdown. Safe by construction: raw HTML in
// the text is shown as text (never parsed), and the produced HTML goes
// through DOMPurify before it reaches the page.

import { memo, useMemo } from 'react';
import DOMPurify from 'dompurify';
import { Marked } from 'marked';

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const markdown = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    // Raw HTML blocks and inline tags stay text.
    html({ text }) {
      return escapeHtml(text);
    },
  },
});

// Links open outside the page (the desktop shell sends them to the browser), never replace it.
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

// Set once: a config passed to each sanitize() is parsed again on every call (a third of its cost in bench/ui.ts's stream).
DOMPurify.setConfig({ USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form', 'input', 'img'], FORBID_ATTR: ['style'], ADD_ATTR: ['target'] });

/** Texts rendered lately: a block scrolled out of the virtualized stream and back is not parsed and sanitized again. */
const rendered = new Map<string, string>();
const RENDERED_KEPT = 500;

export function renderMarkdown(text: string): string {
  const known = rendered.get(text);
  if (known !== undefined) return known;
  const html = DOMPurify.sanitize(markdown.parse(text) as string);
  if (rendered.size >= RENDERED_KEPT) rendered.delete(rendered.keys().next().value!);
  rendered.set(text, html);
  return html;
}

export const MarkdownText = memo(function MarkdownText({ text, className = '' }: { text: string; className?: string }) {
  const html = useMemo(() => renderMarkdown(text), [text]);
  return <div className={`markdown ${className}`} dangerouslySetInnerHTML={{ __html: html }} />;
});
