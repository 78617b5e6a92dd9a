/**
 * `--only`: which sub-topologies this worker process runs. Each is its own consumer group, so a
 * team scales a slow sink out by starting more processes with `--only sink:pinecone` while one
 * process runs the rest (DESIGN.md "The stream model"). `normalize` is the exception: it is
 * exactly once, and a rebalance under load restarts it, so it runs in one process per application.
 */
import { STORE_NAMES, type Store } from '../sinks/registry.ts';

/** Every sub-topology Switchyard has, in the order a worker starts them. */
export const SUB_TOPOLOGIES = ['normalize', ...STORE_NAMES.map((store) => `sink:${store}` as const), 'actuator'] as const;
export type SubTopologyName = (typeof SUB_TOPOLOGIES)[number];

/**
 * Parses `--only a,b,…` (absent: all). An unknown name is an error naming it and listing the
 * valid ones — a typo must not start a worker that silently runs nothing for that store.
 */
export function selectSubTopologies(only: string | undefined): readonly SubTopologyName[] {
  if (only === undefined) return SUB_TOPOLOGIES;
  const asked = only.split(',').map((name) => name.trim()).filter((name) => name !== '');
  if (asked.length === 0) throw new Error(`--only names no sub-topology; give one or more of ${SUB_TOPOLOGIES.join(', ')}, separated by commas`);
  const unknown = asked.filter((name) => !(SUB_TOPOLOGIES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`--only: unknown sub-topology ${unknown.map((n) => `"${n}"`).join(', ')}; valid: ${SUB_TOPOLOGIES.join(', ')}`);
  // Start them in the canonical order, each once, whatever order they were given in.
  return SUB_TOPOLOGIES.filter((name) => asked.includes(name));
}

/** The stores whose sinks the selection runs: only these are connected and migrated. */
export function selectedStores(names: readonly SubTopologyName[]): Store[] {
  return STORE_NAMES.filter((store) => names.includes(`sink:${store}`));
}
