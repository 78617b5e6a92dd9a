/**
 * The Schema Registry: its URL and, for Confluent Cloud or a secured registry, basic-auth
 * credentials, as the arguments of @kafkajs/confluent-schema-registry's `SchemaRegistry`.
 */
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { localStack } from './endpoints.ts';
import { type ConfigSection, type Env, type Problems, type Setting, URL_KINDS, urlSetting, valueOf } from './spec.ts';

export const REGISTRY_SETTINGS: readonly Setting[] = [
  { name: 'SCHEMA_REGISTRY_URL', description: 'Confluent-compatible Schema Registry URL', default: localStack.schemaRegistry.url, example: 'https://psrc-abc12.eu-west-1.aws.confluent.cloud' },
  { name: 'SCHEMA_REGISTRY_USERNAME', description: 'Basic-auth user (Confluent Cloud: the API key)' },
  { name: 'SCHEMA_REGISTRY_PASSWORD', description: 'Basic-auth password (Confluent Cloud: the API secret)', secret: true },
];

/** What `new SchemaRegistry(...)` takes first. */
export type RegistryClientArgs = ConstructorParameters<typeof SchemaRegistry>[0];

export interface RegistryConfig {
  readonly host: string;
  /** Secret: the password. */
  readonly auth?: { readonly username: string; readonly password: string };
}

/** Arguments for `new SchemaRegistry(...)`. */
export function registryClientArgs(config: RegistryConfig): RegistryClientArgs {
  return { host: config.host, ...(config.auth === undefined ? {} : { auth: { ...config.auth } }) };
}

export function readRegistryConfig(env: Env, problems: Problems): RegistryConfig {
  const host = problems.read(env, 'SCHEMA_REGISTRY_URL', urlSetting(URL_KINDS.http), localStack.schemaRegistry.url) ?? localStack.schemaRegistry.url;
  const username = valueOf(env, 'SCHEMA_REGISTRY_USERNAME');
  const password = valueOf(env, 'SCHEMA_REGISTRY_PASSWORD');
  // One without the other would be sent as an empty credential and fail as a bare 401.
  if (username !== undefined && password === undefined) problems.add('SCHEMA_REGISTRY_PASSWORD', 'must be set with SCHEMA_REGISTRY_USERNAME');
  if (password !== undefined && username === undefined) problems.add('SCHEMA_REGISTRY_USERNAME', 'must be set with SCHEMA_REGISTRY_PASSWORD');
  return { host, ...(username !== undefined && password !== undefined ? { auth: { username, password } } : {}) };
}

/** The Schema Registry's section of the configuration. */
export const registryConfig: ConfigSection<RegistryConfig> = { title: 'Schema Registry', settings: REGISTRY_SETTINGS, read: readRegistryConfig };
