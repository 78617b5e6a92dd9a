/**
 * Every event source Switchyard normalizes: one folder each (its normalizer, fixtures, samples and
 * how its webhooks are keyed and told), listed here once. Adding a source: a folder, a line here,
 * its raw topic in avro/schemas.ts — see the README, "Adding a new event source". Nothing else
 * names a source: replay, the CLI and the normalize sub-topology ask these normalizers.
 */
import { github } from './github/index.ts';
import { jira } from './jira/index.ts';
import type { RawTopic } from '../avro/schemas.ts';
import type { Normalizer } from './normalizer.ts';
import { notion } from './notion/index.ts';
import { prometheus } from './prometheus/index.ts';

export const SOURCES: readonly Normalizer[] = [github, jira, notion, prometheus];

/** The raw topics of SOURCES, each once (senders may share one). */
export const RAW_TOPICS: readonly RawTopic[] = [...new Set(SOURCES.map((s) => s.topic))];

/**
 * The normalizer in `sources` that reads `name`: a source (`github`), a sender sharing a source's
 * topic (`alertmanager`), or a raw topic (`github-events`).
 */
export function normalizerIn<Topic extends string>(sources: readonly Normalizer<Topic>[], name: string): Normalizer<Topic> | undefined {
  return sources.find((n) => n.source === name || n.topic === name || (n.senders ?? []).includes(name));
}

/** The normalizer of a source, sender or raw topic among SOURCES. */
export function normalizerFor(name: string): Normalizer | undefined {
  return normalizerIn(SOURCES, name);
}

/** Every name a webhook's `source` may have: the sources, then the senders sharing their topics. */
export function sourceNames(sources: readonly Normalizer<string>[] = SOURCES): string[] {
  return [...sources.map((n) => n.source), ...sources.flatMap((n) => n.senders ?? [])];
}
