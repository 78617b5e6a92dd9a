/**
 * Whether a Jira issue link is a dependency, and which way: the one place that knows Jira's link
 * vocabulary, so no store has to.
 *
 * Jira names a link type three ways: `name` (Blocks), `outwardName`, how the source issue reads
 * it (PROJ-1 *blocks* PROJ-2), and `inwardName`, how the destination reads it (PROJ-2 *is
 * blocked by* PROJ-1). The direction is in those words, so it is read from them:
 *
 * | the outward name says          | example                         | who waits for whom            |
 * | ------------------------------ | ------------------------------- | ----------------------------- |
 * | blocks / is a dependency of …  | Blocks: "blocks"                | destination waits for source  |
 * | depends on / is blocked by …   | "depends on" / "is blocked by"  | source waits for destination  |
 *
 * The outward name is read first; a type whose outward name says neither is read from its inward
 * name the other way round, and failing both, a type named Blocks is Jira's (destination waits).
 * Everything else (Relates, Duplicate, Cloners, sites' own types) is not a dependency, and
 * neither is Jira's sub-task link, which the issue's parent already says.
 */
import type { JiraIssueDependency, JiraIssueLinkType } from '../../avro/generated/types.ts';

/** The reading of a name waits for the other side ("depends on", "is blocked by", "requires"). */
const WAITS = /\b(depends on|is blocked by|requires|is dependent on)\b/i;
/** The reading of a name is waited for by the other side ("blocks", "is a dependency of", "is required by"). */
const WAITED_FOR = /\b(blocks|is (a )?dependency (of|for)|is depended on by|is required by)\b/i;

type Side = 'source' | 'destination';

/** Which side waits, from how one side reads the link; undefined when the words say neither. */
function waiter(reading: string, reader: Side): Side | undefined {
  const other: Side = reader === 'source' ? 'destination' : 'source';
  if (WAITS.test(reading)) return reader;
  if (WAITED_FOR.test(reading)) return other;
  return undefined;
}

/**
 * The dependency a link of `type` from `sourceIssueId` to `destinationIssueId` says, or null when
 * its type is not one.
 */
export function issueLinkDependency(type: JiraIssueLinkType, sourceIssueId: string, destinationIssueId: string): JiraIssueDependency | null {
  if (type.subTask) return null;
  const waits = waiter(type.outwardName, 'source') ?? waiter(type.inwardName, 'destination') ?? (/^blocks$/i.test(type.name.trim()) ? 'destination' : undefined);
  if (waits === undefined) return null;
  return waits === 'destination'
    ? { dependentIssueId: destinationIssueId, dependsOnIssueId: sourceIssueId }
    : { dependentIssueId: sourceIssueId, dependsOnIssueId: destinationIssueId };
}
