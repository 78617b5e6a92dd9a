/**
 * Atlassian Document Format, the body Jira Cloud REST v3 takes for comments and worklog notes:
 * a `doc` (version 1) of block nodes, here paragraphs of text nodes. ADF rejects empty text
 * nodes, so blank lines are dropped and lines are joined by `hardBreak`s.
 */
import type { CommitLink } from '../../avro/generated/types.ts';

export interface AdfText {
  readonly type: 'text';
  readonly text: string;
  readonly marks?: readonly { readonly type: 'link'; readonly attrs: { readonly href: string } }[];
}
export type AdfInline = AdfText | { readonly type: 'hardBreak' };
export interface AdfParagraph {
  readonly type: 'paragraph';
  readonly content: readonly AdfInline[];
}
export interface AdfDocument {
  readonly type: 'doc';
  readonly version: 1;
  readonly content: readonly AdfParagraph[];
}

/** Plain text as one paragraph, its lines joined by hard breaks. */
export function paragraph(text: string): AdfParagraph | null {
  const lines = text.split(/\r?\n/).map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
  if (lines.length === 0) return null;
  return { type: 'paragraph', content: lines.flatMap((line, i): AdfInline[] => (i === 0 ? [{ type: 'text', text: line }] : [{ type: 'hardBreak' }, { type: 'text', text: line }])) };
}

/** A comment: the text, then a line linking the commit (`Commit 6113728 in owner/repo`). */
export function commentDocument(body: string, commit: CommitLink | null): AdfDocument {
  const content: AdfParagraph[] = [];
  const text = paragraph(body);
  if (text !== null) content.push(text);
  if (commit !== null) {
    content.push({
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Commit ' },
        { type: 'text', text: commit.sha.slice(0, 7), marks: [{ type: 'link', attrs: { href: commit.url } }] },
        { type: 'text', text: ` in ${commit.repository}` },
      ],
    });
  }
  if (content.length === 0) content.push({ type: 'paragraph', content: [{ type: 'text', text: '(empty comment)' }] });
  return { type: 'doc', version: 1, content };
}

/** A worklog's work description. */
export function textDocument(text: string): AdfDocument | null {
  const p = paragraph(text);
  return p === null ? null : { type: 'doc', version: 1, content: [p] };
}
