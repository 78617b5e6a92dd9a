/**
 * Every event source Switchyard normalizes: one folder each (its normalizer and fixtures),
 * listed here once. Adding a source: a folder, a line here, rows in routing.ts — see the
 * README, "Adding a new event source".
 */
import { github } from './github/index.ts';
import { jira } from './jira/index.ts';
import type { Normalizer } from './normalizer.ts';
import { notion } from './notion/index.ts';
import { prometheus } from './prometheus/index.ts';

export const SOURCES: readonly Normalizer[] = [github, jira, notion, prometheus];

/** Senders that share another source's topic and normalizer: Alertmanager posts to Prometheus's. */
const SENT_AS: Readonly<Record<string, string>> = { alertmanager: 'prometheus' };

/** The normalizer of a source name (`github`, `alertmanager`), or of a raw topic (`github-events`). */
export function normalizerFor(sourceOrTopic: string): Normalizer | undefined {
  const source = SENT_AS[sourceOrTopic] ?? sourceOrTopic;
  return SOURCES.find((n) => n.source === source || n.topic === source);
}
