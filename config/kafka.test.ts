import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ConfigError, loadKafkaConfig, mskIamTokenProvider } from './index.ts';

/** The problems a configuration has, as `VARIABLE: message` lines; [] when it loads. */
function problems(env: Record<string, string>): string[] {
  try {
    loadKafkaConfig(env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((p) => `${p.variable}: ${p.message}`);
  }
}
const variables = (env: Record<string, string>) => problems(env).map((line) => line.split(':')[0]);

function pemFiles(): { ca: string; cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-tls-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name));
  return { ca: file('ca.pem', 'CA PEM'), cert: file('cert.pem', 'CERT PEM'), key: file('key.pem', 'KEY PEM') };
}

describe('Kafka configuration', () => {
  it('defaults to the local stack, without TLS or SASL', () => {
    const { kafka, topics } = loadKafkaConfig({});
    expect(kafka).toEqual({ clientId: 'switchyard', brokers: ['127.0.0.1:9092'] });
    expect(topics).toMatchObject({ partitions: 3, replicationFactor: 1, prefix: '' });
  });

  it('reads a broker list, TLS files and SCRAM credentials', () => {
    const pem = pemFiles();
    const { kafka } = loadKafkaConfig({
      KAFKA_BROKERS: 'b-1.example.com:9096, b-2.example.com:9096',
      KAFKA_CLIENT_ID: 'switchyard-prod',
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: pem.ca,
      KAFKA_SSL_CERT_FILE: pem.cert,
      KAFKA_SSL_KEY_FILE: pem.key,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'svc',
      KAFKA_SASL_PASSWORD: 'pw',
    });
    expect(kafka.brokers).toEqual(['b-1.example.com:9096', 'b-2.example.com:9096']);
    expect(kafka.clientId).toBe('switchyard-prod');
    expect(kafka.ssl).toEqual({ rejectUnauthorized: true, ca: ['CA PEM'], cert: 'CERT PEM', key: 'KEY PEM' });
    expect(kafka.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'svc', password: 'pw' });
  });

  it('names each bad variable and what it must be', () => {
    expect(problems({ KAFKA_BROKERS: 'kafka.example.com' })).toEqual(['KAFKA_BROKERS: must be a comma-separated list of host:port, and "kafka.example.com" is not one']);
    expect(problems({ KAFKA_BROKERS: 'kafka.example.com:99999' })).toEqual(['KAFKA_BROKERS: must have ports from 1 to 65535, and "kafka.example.com:99999" has "99999"']);
    expect(problems({ KAFKA_BROKERS: 'b-1.example.com:9092,b-2.example.com:0' })).toEqual(['KAFKA_BROKERS: must have ports from 1 to 65535, and "b-2.example.com:0" has "0"']);
    expect(problems({ KAFKA_BROKERS: ' , ' })).toEqual(['KAFKA_BROKERS: must name at least one broker as host:port']);
    expect(problems({ KAFKA_SSL: 'yes' })).toEqual(['KAFKA_SSL: must be true or false']);
    expect(problems({ KAFKA_SSL_REJECT_UNAUTHORIZED: '0' })).toEqual(['KAFKA_SSL_REJECT_UNAUTHORIZED: must be true or false']);
    expect(problems({ KAFKA_SASL_MECHANISM: 'gssapi' })).toEqual(['KAFKA_SASL_MECHANISM: must be one of plain, scram-sha-256, scram-sha-512, aws-msk-iam']);
    expect(problems({ KAFKA_TOPIC_PARTITIONS: '0' })).toEqual(['KAFKA_TOPIC_PARTITIONS: must be a whole number from 1 to 10000']);
    expect(problems({ KAFKA_TOPIC_REPLICATION_FACTOR: 'three' })).toEqual(['KAFKA_TOPIC_REPLICATION_FACTOR: must be a whole number from 1 to 16']);
    expect(problems({ SWITCHYARD_TOPIC_PREFIX: 'staging/' })).toEqual(['SWITCHYARD_TOPIC_PREFIX: must be letters, digits, dots, dashes or underscores (Kafka topic characters)']);
  });

  it('names an unreadable TLS file by its variable', () => {
    const missing = join(tmpdir(), 'no-such-dir-switchyard', 'ca.pem');
    expect(problems({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: missing })).toEqual([`KAFKA_SSL_CA_FILE: must be a readable PEM file; cannot read ${missing} (ENOENT)`]);
  });

  it('rejects TLS and SASL settings that cannot work together', () => {
    const pem = pemFiles();
    expect(variables({ KAFKA_SSL_CA_FILE: pem.ca })).toEqual(['KAFKA_SSL_CA_FILE']);
    expect(variables({ KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: pem.cert })).toEqual(['KAFKA_SSL_KEY_FILE']);
    expect(variables({ KAFKA_SASL_USERNAME: 'svc' })).toEqual(['KAFKA_SASL_USERNAME']);
    expect(problems({ KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_USERNAME: 'svc' })).toEqual(['KAFKA_SASL_PASSWORD: must be set with KAFKA_SASL_MECHANISM=scram-sha-256']);
    expect(variables({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'svc', KAFKA_SASL_PASSWORD: 'pw' })).toEqual(['KAFKA_SSL']);
    // SCRAM never sends the password, so it may run without TLS (e.g. inside a private network).
    expect(problems({ KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_USERNAME: 'svc', KAFKA_SASL_PASSWORD: 'pw' })).toEqual([]);
  });

  it('rejects MSK IAM without TLS or a region, or with a username it would ignore', () => {
    expect(problems({ KAFKA_SASL_MECHANISM: 'aws-msk-iam', KAFKA_SASL_USERNAME: 'svc' })).toEqual([
      'KAFKA_SSL: must be true with KAFKA_SASL_MECHANISM=aws-msk-iam: MSK serves IAM on TLS only (port 9098)',
      'AWS_REGION: must be set with KAFKA_SASL_MECHANISM=aws-msk-iam: the region of the MSK cluster, e.g. eu-west-1',
      'KAFKA_SASL_USERNAME: is not used by aws-msk-iam (credentials come from the AWS default provider chain): unset it',
    ]);
  });

  it('wires MSK IAM as OAUTHBEARER, signing a token for AWS_REGION at each authentication', async () => {
    const signed: string[] = [];
    let n = 0;
    const signer = async ({ region }: { region: string }) => (signed.push(region), { token: `token-${++n}` });
    const { kafka } = loadKafkaConfig({ KAFKA_BROKERS: 'b-1.msk.example.com:9098', KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'aws-msk-iam', AWS_REGION: 'eu-west-1' }, { mskSigner: signer });
    expect(kafka.ssl).toEqual({ rejectUnauthorized: true });
    expect(kafka.sasl?.mechanism).toBe('oauthbearer');
    const provider = kafka.sasl !== undefined && 'oauthBearerProvider' in kafka.sasl ? kafka.sasl.oauthBearerProvider : undefined;
    expect(typeof provider).toBe('function');
    expect(await provider!()).toEqual({ value: 'token-1' });
    expect(await provider!()).toEqual({ value: 'token-2' });
    expect(signed).toEqual(['eu-west-1', 'eu-west-1']);
  });

  it('uses AWS’s signer by default (not called here: it would ask AWS for credentials)', async () => {
    const signer = await import('aws-msk-iam-sasl-signer-js');
    expect(typeof signer.generateAuthToken).toBe('function');
    expect(typeof mskIamTokenProvider('eu-west-1')).toBe('function');
  });
});
