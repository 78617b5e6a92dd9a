/** Text and Mermaid renderings of a built topology (see `Topology#describe`). */
import type { NodeInfo } from './nodes.ts';

interface Described {
  readonly name: string;
  readonly spec: { readonly groupId: string };
  readonly nodes: readonly NodeInfo[];
}

const label = { source: 'Source', processor: 'Processor', sink: 'Sink' } as const;

function childrenOf(nodes: readonly NodeInfo[]): Map<NodeInfo, NodeInfo[]> {
  const children = new Map<NodeInfo, NodeInfo[]>(nodes.map((n) => [n, []]));
  for (const node of nodes) for (const parent of node.parents) children.get(parent)?.push(node);
  return children;
}

export function describeText(subTopologies: readonly Described[]): string {
  const lines = ['Topologies:'];
  for (const sub of subTopologies) {
    lines.push(`   Sub-topology: ${sub.name} (group: ${sub.spec.groupId})`);
    const children = childrenOf(sub.nodes);
    for (const node of sub.nodes) {
      const topics = node.topics === undefined ? '' : node.role === 'source' ? `, topics: [${node.topics.join(', ')}]` : `, topic: ${node.topics.join(', ')}`;
      lines.push(`    ${label[node.role]}: ${node.name} (${node.kind}${topics})`);
      const next = children.get(node) ?? [];
      if (next.length > 0) lines.push(`      --> ${next.map((n) => n.name).join(', ')}`);
      if (node.parents.length > 0) lines.push(`      <-- ${node.parents.map((n) => n.name).join(', ')}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

export function describeMermaid(subTopologies: readonly Described[]): string {
  const id = (...parts: string[]) => parts.join('__').replace(/[^A-Za-z0-9_]/g, '_');
  const text = (s: string) => s.replaceAll('"', '#quot;');
  const lines = ['flowchart LR'];
  const topics = new Set<string>();
  const edges: string[] = [];
  for (const sub of subTopologies) {
    lines.push(`  subgraph ${id('st', sub.name)}["${text(`${sub.name} (group: ${sub.spec.groupId})`)}"]`);
    for (const node of sub.nodes) {
      const nodeId = id(sub.name, node.name);
      const body = `${text(node.name)}<br/><i>${node.kind}</i>`;
      lines.push(node.role === 'processor' ? `    ${nodeId}["${body}"]` : `    ${nodeId}(["${body}"])`);
      for (const parent of node.parents) edges.push(`  ${id(sub.name, parent.name)} --> ${nodeId}`);
      for (const topic of node.topics ?? []) {
        topics.add(topic);
        edges.push(node.role === 'source' ? `  ${id('topic', topic)} --> ${nodeId}` : `  ${nodeId} --> ${id('topic', topic)}`);
      }
    }
    lines.push('  end');
  }
  for (const topic of [...topics].sort()) lines.push(`  ${id('topic', topic)}[["${text(topic)}"]]`);
  return [...lines, ...edges].join('\n') + '\n';
}
