import { describe, expect, it } from 'vitest';
import { adfProblem } from '../../test/support/jiraStandIn.ts';
import { commentDocument, textDocument } from './adf.ts';

const commit = { repository: 'acme/app', sha: '6113728f27ae82c7b1a1', url: 'https://github.com/acme/app/commit/6113728f' };

describe('ADF documents', () => {
  it('a comment: its lines joined by hard breaks, then the commit linked', () => {
    expect(commentDocument('fixed login bug\n\nand logout', commit)).toEqual({
      type: 'doc',
      version: 1,
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'fixed login bug' }, { type: 'hardBreak' }, { type: 'text', text: 'and logout' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Commit ' }, { type: 'text', text: '6113728', marks: [{ type: 'link', attrs: { href: commit.url } }] }, { type: 'text', text: ' in acme/app' }] },
      ],
    });
  });

  it('never has an empty text node, which Jira rejects', () => {
    for (const doc of [commentDocument('', null), commentDocument('  \n ', commit), commentDocument('x', null)]) expect(adfProblem(doc)).toBeNull();
    expect(textDocument('   ')).toBeNull();
    expect(adfProblem({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: '' }] }] })).toMatch(/non-empty/);
  });
});
