import { jira } from './index.ts';
import { describeNormalizerProperties, readFixture } from '../testing/normalizerProperties.ts';

const dir = new URL('./fixtures/', import.meta.url);
const fixture = (file: string, eventName: string) => ({ file, source: 'jira', eventName, body: readFixture(dir, file) });

describeNormalizerProperties(jira, [
  fixture('jira-issue_created.json', 'jira:issue_created'),
  fixture('jira-issue_updated.status.json', 'jira:issue_updated'),
  fixture('jira-issue_updated.assignee.json', 'jira:issue_updated'),
  fixture('jira-issue_updated.commented.json', 'jira:issue_updated'),
  fixture('sprint_closed.json', 'sprint_closed'),
  fixture('comment_created.json', 'comment_created'),
  fixture('issue_deleted.json', 'jira:issue_deleted'),
]);
