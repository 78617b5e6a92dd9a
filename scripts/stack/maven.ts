/**
 * Runtimes fetched from Maven Central with the machine's Maven. A stamp holding the pom's
 * hash makes a second `up` skip the fetch, and a changed pom fetch again.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { stackPaths } from './paths.ts';

/** The Java major version on PATH (or JAVA_HOME), or undefined when there is none. */
export function javaMajorVersion(): number | undefined {
  // `java -version` prints to stderr.
  const result = spawnSync(javaBinary(), ['-version'], { encoding: 'utf8' });
  return result.error ? undefined : parseJavaVersion(`${result.stderr}${result.stdout}`);
}

function parseJavaVersion(text: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(text);
  if (!match) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

export function javaBinary(): string {
  return process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** Fail early, and say what to install, when Java or Maven is missing. */
export function requireJavaAndMaven(minimumJava = 17): void {
  const java = javaMajorVersion();
  if (java === undefined) {
    throw new Error(`Java ${minimumJava}+ is needed for Kafka, the Schema Registry and Neo4j: install it (Debian: apt-get install openjdk-17-jdk-headless) or use Docker`);
  }
  if (java < minimumJava) {
    throw new Error(`Java ${minimumJava}+ is needed, found Java ${java}: set JAVA_HOME to a newer JDK`);
  }
  try {
    execFileSync('mvn', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('Maven is needed to fetch Kafka, the Schema Registry and Neo4j from Maven Central: install it (Debian: apt-get install maven) or use Docker');
  }
}

/**
 * Run Maven goals on a pom once: again only when the pom or one of `sources` changed, or the
 * output is gone. `goals` receives the output directory (`.stack/runtime/<name>`). `sources` are
 * the files the build compiles (Neo4j's launcher): without them in the stamp, an edited launcher
 * would never be rebuilt.
 */
export async function fetchRuntime(name: string, pom: string, goals: (outputDir: string) => string[], sources: readonly string[] = []): Promise<string> {
  const outputDir = stackPaths.runtime(name);
  const stamp = path.join(outputDir, '.fetched');
  const hash = createHash('sha256').update(readFileSync(pom));
  for (const source of sources) hash.update(readFileSync(source));
  const digest = hash.digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return outputDir;

  rmSync(outputDir, { recursive: true, force: true });
  mkdirSync(outputDir, { recursive: true });
  process.stdout.write(`  ${name}: fetching from Maven Central (first time only)…\n`);
  const started = Date.now();
  await runMaven(['-B', '-q', '-f', pom, ...goals(outputDir)], name);
  writeFileSync(stamp, digest);
  process.stdout.write(`  ${name}: fetched in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return outputDir;
}

function runMaven(args: string[], name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('mvn', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`Maven could not fetch ${name} (exit ${code}):\n${output.trim().split('\n').slice(-20).join('\n')}`));
    });
  });
}
