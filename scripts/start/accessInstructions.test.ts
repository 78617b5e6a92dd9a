import { describe, expect, it } from 'vitest';
import { accessInstructions } from './accessInstructions.ts';

describe('accessInstructions', () => {
  it('prints a curl asking a real question and both MCP configurations, as JSON to paste', () => {
    const text = accessInstructions({ url: 'http://127.0.0.1:8790', questions: ['dora_metrics', 'user_by_github_login'], tokens: false, cwd: '/repo' });
    expect(text).toContain(`curl -s 'http://127.0.0.1:8790/v1/questions/user_by_github_login?login=Codertocat'`);
    const configs = text.split('\n').filter((line) => line.trim().startsWith('{')).map((line) => JSON.parse(line) as unknown);
    expect(configs).toEqual([
      { mcpServers: { switchyard: { command: 'npx', args: ['switchyard', 'serve', '--stdio'], cwd: '/repo' } } },
      { mcpServers: { switchyard: { type: 'http', url: 'http://127.0.0.1:8790/mcp' } } },
    ]);
  });

  it('with tokens: the header in the curl and the HTTP configuration', () => {
    const text = accessInstructions({ url: 'http://h:1', questions: ['dora_metrics'], tokens: true, cwd: '/r', organization: { teams: [], projects: [{ key: 'SHOP', repositories: [], dependsOn: [] }] } });
    expect(text).toContain(`curl -s -H 'Authorization: Bearer <token>' 'http://h:1/v1/questions/dora_metrics?project=SHOP'`);
    expect(text).toContain('"headers":{"Authorization":"Bearer <token>"}');
  });

  it('with the samples’ organization: a DORA question for their project and month too', () => {
    const organization = { teams: [], projects: [{ key: 'HELLO', name: 'Hello World', repositories: ['Codertocat/Hello-World'], dependsOn: [] }] };
    const text = accessInstructions({ url: 'http://h:1', questions: ['dora_metrics', 'user_by_github_login'], tokens: false, cwd: '/r', organization, doraPeriod: 'period.month=2019-05' });
    expect(text).toContain(`curl -s 'http://h:1/v1/questions/user_by_github_login?login=Codertocat'`);
    expect(text).toContain(`curl -s 'http://h:1/v1/questions/dora_metrics?project=HELLO&period.month=2019-05'`);
  });
});
