/** `switchyard schemas register|check`: the topics' Avro schemas in the Schema Registry. */
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Command } from 'commander';
import { checkSchemas, COMPATIBILITY, IncompatibleSchemaError, registerSchemas } from '../../avro/registration.ts';
import { loadRegistryConfig, registryClientArgs } from '../../config/index.ts';
import { table } from '../table.ts';

// SCHEMA_REGISTRY_URL (default the local stack's) and its credentials, as the worker reads them.
const registryUrl = (): string => loadRegistryConfig().host;
const registry = (): SchemaRegistry => new SchemaRegistry(registryClientArgs(loadRegistryConfig()));

/** Say which registry failed: the client's own messages don't. */
async function atRegistry<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof IncompatibleSchemaError) throw error;
    throw new Error(`Schema Registry at ${registryUrl()}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

export function schemasCommand(): Command {
  const schemas = new Command('schemas').description(`the topics' Avro schemas (avro/schemas/) in the Schema Registry at $SCHEMA_REGISTRY_URL (default: the local stack)`);

  schemas
    .command('register')
    .description(`register every subject (<topic>-value) with ${COMPATIBILITY} compatibility; idempotent; refuses, registering nothing, if any subject would break`)
    .action(async () => {
      try {
        const results = await atRegistry(() => registerSchemas(registry()));
        console.log(table(['SUBJECT', 'ID', 'VERSION', ''], results.map((r) => [r.subject, String(r.id), String(r.version), r.changed ? 'registered' : 'unchanged'])));
      } catch (error) {
        if (!(error instanceof IncompatibleSchemaError)) throw error;
        console.error(`Nothing was registered.\n${error.message}`);
        process.exitCode = 1;
      }
    });

  schemas
    .command('check')
    .description('check the local schemas against the registry without registering; exits 1 naming each subject and field that breaks')
    .action(async () => {
      const checks = await atRegistry(() => checkSchemas(registry()));
      console.log(table(['SUBJECT', 'LATEST', 'STATUS'], checks.map((c) => [c.subject, c.latest ? `v${c.latest.version} (id ${c.latest.id})` : '-', c.status === 'new' ? 'new (not registered yet)' : c.status])));
      const broken = checks.filter((c) => c.status === 'incompatible');
      if (broken.length > 0) {
        console.error(`\n${new IncompatibleSchemaError(broken).message}`);
        process.exitCode = 1;
      }
    });

  return schemas;
}
