/**
 * The dependency graph around a project: what it depends on (dependency_chain: every path to a
 * project depending on nothing, so each edge is known) and who is affected if it slips
 * (projects_affected_by_delay: direct dependents get an edge to it; a dependent of a dependent
 * is drawn dashed, labelled with its distance, since the question gives the distance, not the way).
 */
import type { EChartsOption } from 'echarts';
import type { AnswerOf } from '../../access/catalogue.ts';
import { base, COLORS, described } from './theme.ts';

type Chains = AnswerOf<'dependency_chain'>['rows'];
type Affected = AnswerOf<'projects_affected_by_delay'>['rows'];

export interface DependencyGraph {
  readonly nodes: readonly { readonly key: string; readonly role: 'project' | 'dependency' | 'affected' }[];
  /** `distance` 1: a direct dependency; more: a dependent that reaches the project through others. */
  readonly edges: readonly { readonly from: string; readonly to: string; readonly distance: number }[];
}

/** Nodes and edges: an edge points from a project to what it depends on. */
export function dependencyGraph(project: string, chains: Chains, affected: Affected): DependencyGraph {
  const nodes = new Map<string, DependencyGraph['nodes'][number]>([[project, { key: project, role: 'project' }]]);
  const edges = new Map<string, DependencyGraph['edges'][number]>();
  for (const { chain } of chains) {
    for (let i = 1; i < chain.length; i += 1) {
      const from = chain[i - 1]!;
      const to = chain[i]!;
      if (!nodes.has(to)) nodes.set(to, { key: to, role: 'dependency' });
      edges.set(`${from}>${to}`, { from, to, distance: 1 });
    }
  }
  for (const { project: dependent, distance } of affected) {
    if (!nodes.has(dependent)) nodes.set(dependent, { key: dependent, role: 'affected' });
    edges.set(`${dependent}>${project}`, { from: dependent, to: project, distance });
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

const ROLE_COLORS = { project: COLORS.primary, dependency: COLORS.muted, affected: COLORS.bad } as const;
const ROLE_NAMES = { project: 'This project', dependency: 'It depends on', affected: 'Affected if it slips' } as const;
const ROLES = ['project', 'dependency', 'affected'] as const;

export function dependenciesOption(graph: DependencyGraph): EChartsOption {
  return {
    ...base(
      'Dependencies',
      described('What this project depends on, and who is affected if it slips', graph.edges.map((edge) => [edge.from, edge.distance === 1 ? `depends on ${edge.to}` : `depends on ${edge.to} through ${edge.distance - 1} other project${edge.distance > 2 ? 's' : ''}`])),
    ),
    tooltip: { trigger: 'item' },
    legend: { top: 0, data: ROLES.map((role) => ROLE_NAMES[role]) },
    series: [
      {
        name: 'dependencies',
        type: 'graph',
        layout: 'force',
        force: { repulsion: 220, edgeLength: 90 },
        roam: false,
        draggable: true,
        top: 36,
        symbolSize: 26,
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: 8,
        label: { show: true, position: 'bottom', color: '#1f2328' },
        categories: ROLES.map((role) => ({ name: ROLE_NAMES[role], itemStyle: { color: ROLE_COLORS[role] } })),
        data: graph.nodes.map((node) => ({ id: node.key, name: node.key, category: ROLES.indexOf(node.role), symbolSize: node.role === 'project' ? 36 : 24 })),
        links: graph.edges.map((edge) => ({ source: edge.from, target: edge.to, value: edge.distance, lineStyle: { type: edge.distance === 1 ? 'solid' : 'dashed', width: 1.5, color: '#8c959f' } })),
      },
    ],
  };
}
