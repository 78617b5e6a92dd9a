/**
 * What `npm start` prints about the access layer: where it is, a `curl` that asks a real question
 * of the samples just replayed, and the MCP client configurations to paste (stdio, which starts
 * `switchyard serve --stdio` itself, and Streamable HTTP at the running server).
 */
import type { OrganizationFile } from '../../sinks/organization.ts';

export interface AccessInstructionsOptions {
  readonly url: string;
  /** The questions served. */
  readonly questions: readonly string[];
  /** Whether bearer tokens are required. */
  readonly tokens: boolean;
  /** The repository, for the stdio configuration's `cwd`. */
  readonly cwd: string;
  readonly organization?: OrganizationFile | undefined;
  /** The period of the DORA example as query parameters (the samples' month), when there is one worth showing. */
  readonly doraPeriod?: string;
}

/** The GitHub user who sends the bundled sample webhooks (the fixtures' sender). */
const SAMPLE_LOGIN = 'Codertocat';

export function accessInstructions(options: AccessInstructionsOptions): string {
  const { url } = options;
  const auth = options.tokens ? ` -H 'Authorization: Bearer <token>'` : '';
  const project = options.organization?.projects[0]?.key;
  const examples = [
    ...(options.questions.includes('user_by_github_login') ? [`${url}/v1/questions/user_by_github_login?login=${SAMPLE_LOGIN}`] : []),
    ...(options.questions.includes('dora_metrics') && project !== undefined ? [`${url}/v1/questions/dora_metrics?project=${encodeURIComponent(project)}${options.doraPeriod === undefined ? '' : `&${options.doraPeriod}`}`] : []),
  ];
  if (examples.length === 0) examples.push(`${url}/v1/questions`);
  const stdio = { mcpServers: { switchyard: { command: 'npx', args: ['switchyard', 'serve', '--stdio'], cwd: options.cwd } } };
  const http = { mcpServers: { switchyard: { type: 'http', url: `${url}/mcp`, ...(options.tokens ? { headers: { Authorization: 'Bearer <token>' } } : {}) } } };
  return [
    `  ${options.questions.length} questions on ${url}  (list: ${url}/v1/questions, OpenAPI 3.1: ${url}/openapi.json, MCP: ${url}/mcp)`,
    ...examples.map((example) => `  try:  curl -s${auth} '${example}'`),
    ...(options.tokens ? ['  (tokens are required: make one with `npx switchyard serve token NAME`)'] : []),
    '  MCP client configuration, stdio (the agent starts the server itself):',
    `    ${JSON.stringify(stdio)}`,
    '  MCP client configuration, Streamable HTTP (this server):',
    `    ${JSON.stringify(http)}`,
  ].join('\n');
}
