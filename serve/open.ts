/**
 * The Access a server serves, from the environment: each store's reader settings (a store whose
 * section does not read is left out, and its questions answer 503 naming it while the others
 * answer), the organization file (SWITCHYARD_TEAMS_FILE: projects' repositories and Jira keys), the
 * limits of the access settings, and the catalogue plus the raw tools SWITCHYARD_ACCESS_RAW_TOOLS
 * lists. `switchyard serve` and `npm start` both open it here.
 */
import { CATALOGUE } from '../access/catalogue.ts';
import type { AnyQuestion, StoreName } from '../access/question.ts';
import { openAccess, type Access } from '../access/service.ts';
import { readSection, valueOf, type Env } from '../config/spec.ts';
import { readOrganizationFile, type OrganizationFile } from '../sinks/organization.ts';
import { STORES } from '../sinks/registry.ts';
import type { ServeSettings } from './config.ts';

export interface ServedAccess {
  readonly access: Access;
  /** Stores left out, and why (their questions answer 503). */
  readonly unconfigured: readonly { readonly store: StoreName; readonly reason: string }[];
  /** The organization file it was opened with (SWITCHYARD_TEAMS_FILE), if any. */
  readonly organization: OrganizationFile | undefined;
}

export interface OpenServedOptions {
  readonly settings: ServeSettings;
  readonly env?: Env;
  /** The stores' settings when the caller has read them already (npm start); otherwise each store's section is read from `env`. */
  readonly stores?: Readonly<Partial<Record<StoreName, unknown>>>;
  /** The raw tools by store (access/rawTools.ts `RAW_TOOLS`); needed only when settings.rawTools lists any. */
  readonly rawTools?: Readonly<Partial<Record<StoreName, AnyQuestion>>>;
  /** Where a reader's warnings go (default: a process warning on stderr). */
  readonly warn?: (store: StoreName, message: string) => void;
}

export async function openServedAccess(options: OpenServedOptions): Promise<ServedAccess> {
  const env = options.env ?? process.env;
  const unconfigured: { store: StoreName; reason: string }[] = [];
  const stores: Partial<Record<StoreName, unknown>> = {};
  for (const store of STORES) {
    if ((store.access.questions as readonly unknown[]).length === 0 && !options.settings.rawTools.includes(store.name as never)) continue;
    if (options.stores !== undefined) {
      if (options.stores[store.name] !== undefined) stores[store.name] = options.stores[store.name];
      else unconfigured.push({ store: store.name, reason: 'not among the configured stores' });
      continue;
    }
    try {
      stores[store.name] = readSection(store.config as Parameters<typeof readSection>[0], env);
    } catch (error) {
      unconfigured.push({ store: store.name, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  const raw = options.settings.rawTools.map((name) => {
    const tool = options.rawTools?.[name];
    if (tool === undefined) throw new Error(`SWITCHYARD_ACCESS_RAW_TOOLS lists ${name}, but this build has no raw tool for it`);
    return tool;
  });
  const teamsFile = valueOf(env, 'SWITCHYARD_TEAMS_FILE');
  const organization: OrganizationFile | undefined = teamsFile === undefined ? undefined : await readOrganizationFile(teamsFile);
  const access = openAccess({ stores, limits: options.settings.limits, organization, catalogue: [...CATALOGUE, ...raw], ...(options.warn === undefined ? {} : { warn: options.warn }) });
  return { access, unconfigured, organization };
}
