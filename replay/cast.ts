/**
 * The made-up organization the synthetic webhooks come from: 60 developers, 20 repositories and
 * 8 Jira projects (each repository belongs to one, so its commits mention that project's
 * issues), one Notion workspace and a service per repository for the metrics. Fixed, not seeded:
 * the same people across runs, so a bench's stores look like one company's.
 */
import { hexId, uuidId } from './random.ts';

export interface Developer {
  readonly login: string;
  readonly githubId: number;
  readonly name: string;
  readonly email: string;
  readonly jiraAccountId: string;
  readonly notionUserId: string;
}

export interface Project {
  readonly key: string;
  readonly id: string;
  readonly name: string;
  /** The Jira board its sprints run on. */
  readonly boardId: number;
}

export interface Repository {
  readonly id: number;
  readonly name: string;
  readonly fullName: string;
  readonly project: Project;
  /** The service it deploys, the `job` of its metrics. */
  readonly service: string;
}

const FIRST = ['Ada', 'Ben', 'Chloe', 'Dev', 'Emma', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Liam', 'Mia', 'Noor', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tara'];
const LAST = ['Okafor', 'Lindqvist', 'Moreau', 'Patel', 'Richards', 'Haddad', 'Hopper', 'Tanaka', 'Ferreira', 'Weber', 'Adeyemi', 'Byrne', 'Krystof', 'Rahman', 'Said', 'Iyer', 'Novak', 'Garcia', 'Berg', 'Singh'];

export const DEVELOPERS: readonly Developer[] = Array.from({ length: 60 }, (_, i) => {
  const first = FIRST[i % 20]!;
  const last = LAST[(i + 3 * Math.floor(i / 20)) % 20]!;
  const login = `${first}${last}`.toLowerCase();
  return {
    login,
    githubId: 58_000_000 + i * 7919,
    name: `${first} ${last}`,
    email: `${first}.${last}@acme.example`.toLowerCase(),
    jiraAccountId: `5f${hexId('jira-account', i).slice(0, 22)}`,
    notionUserId: uuidId('notion-user', i),
  };
});

export const PROJECTS: readonly Project[] = [
  ['PAY', 'Payments'],
  ['CHK', 'Checkout'],
  ['AUTH', 'Identity'],
  ['SRCH', 'Search'],
  ['INFRA', 'Infrastructure'],
  ['MOB', 'Mobile'],
  ['WEB', 'Web'],
  ['DATA', 'Data platform'],
].map(([key, name], i) => ({ key: key!, name: name!, id: String(10_100 + i), boardId: i + 1 }));

const REPOSITORY_NAMES = [
  'payments-api', 'ledger', 'checkout-web', 'cart-service', 'auth-service', 'sso-gateway', 'search-api', 'indexer',
  'terraform', 'k8s-manifests', 'ios-app', 'android-app', 'web-frontend', 'design-system', 'etl-pipelines', 'warehouse',
  'refunds', 'fraud-scoring', 'notifications', 'feature-flags',
];

export const REPOSITORIES: readonly Repository[] = REPOSITORY_NAMES.map((name, i) => ({
  id: 610_000_000 + i,
  name,
  fullName: `acme/${name}`,
  project: PROJECTS[i % PROJECTS.length]!,
  service: name,
}));

export const NOTION_WORKSPACE = { id: uuidId('notion-workspace'), name: 'Acme Engineering' } as const;
