import { describe, expect, it } from 'vitest';
import { toGraphRows } from './handlers.ts';
import { DEPENDS, RELATES, issueLink } from './testing/jiraWebhooks.ts';

describe('issue link rows', () => {
  it('a Blocks link runs DEPENDS_ON from the blocked issue to the blocker; a depends-on link from its source', () => {
    expect(toGraphRows([issueLink('created', 1, 100, 200), issueLink('created', 2, 300, 400, DEPENDS)]).issueLinks).toEqual([
      { linkId: '1', fromIssueId: '200', toIssueId: '100', relation: 'DEPENDS_ON', type: 'Blocks', deleted: false },
      { linkId: '2', fromIssueId: '300', toIssueId: '400', relation: 'DEPENDS_ON', type: 'Dependency', deleted: false },
    ]);
  });

  it('any other link is LINKED, source to destination', () => {
    expect(toGraphRows([issueLink('created', 3, 100, 500, RELATES)]).issueLinks).toEqual([{ linkId: '3', fromIssueId: '100', toIssueId: '500', relation: 'LINKED', type: 'Relates', deleted: false }]);
  });

  it('keeps a link’s last event of the batch: created then deleted is deleted, and a repeat changes nothing', () => {
    const created = issueLink('created', 1, 100, 200);
    const deleted = issueLink('deleted', 1, 100, 200);
    expect(toGraphRows([created, deleted]).issueLinks).toEqual([{ linkId: '1', fromIssueId: '200', toIssueId: '100', relation: 'DEPENDS_ON', type: 'Blocks', deleted: true }]);
    expect(toGraphRows([created, deleted, deleted])).toEqual(toGraphRows([created, deleted]));
    expect(toGraphRows([created, created]).issueLinks).toHaveLength(1);
  });
});
