/**
 * A service of the local stack, as both providers see it.
 *
 * `probe` reaches the service through the client the project itself uses and asks for its
 * version, so "healthy" means "our code can talk to it", not "a port is open".
 * `native` says how to install and run it without Docker; the Docker provider needs only
 * the probe, since compose owns the processes there.
 */
export interface Health {
  readonly healthy: boolean;
  /** The version as the service reports it. */
  readonly version?: string;
  /** Why it is not healthy, in a few words. */
  readonly detail?: string;
}

export interface LaunchSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Run as this system user (e.g. `postgres`, which refuses to run as root). */
  readonly user?: string;
  /** The signal that asks for a clean, quick shutdown. */
  readonly stopSignal?: NodeJS.Signals;
  /** A string of the command line that tells our process from a stranger that reused its pid. */
  readonly marker: string;
}

export interface NativeRecipe {
  /** Debian packages the service needs, installed with apt-get when its binary is missing. */
  readonly debianPackages?: { readonly packages: readonly string[]; readonly binary: () => string | undefined };
  /** Fetch what it needs (Maven artifacts…); idempotent, fast when already done. */
  install?(): Promise<void>;
  /** One-time set-up of its data directory (initdb, storage format…); idempotent. */
  prepare?(): Promise<void>;
  launch(): Promise<LaunchSpec> | LaunchSpec;
  /** Ports it binds; checked before start so a stranger on one gets a clear error. */
  readonly ports: readonly number[];
  /** Work once it answers (create a database…); idempotent. */
  afterReady?(): Promise<void>;
  /** How long a cold start may take before we call it failed. */
  readonly startTimeoutMs: number;
}

export interface StackService {
  /** Short id: file names, pid files, `--only`. */
  readonly name: string;
  /** What a person calls it. */
  readonly label: string;
  readonly address: string;
  /** Services that must be healthy before this one starts. */
  readonly dependsOn?: readonly string[];
  probe(): Promise<Health>;
  readonly native: NativeRecipe;
}

/** Run a probe with a deadline, turning every failure into an unhealthy answer. */
export async function probeWithin(ms: number, probe: () => Promise<Health>): Promise<Health> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Health>((resolve) => {
    timer = setTimeout(() => resolve({ healthy: false, detail: `no answer within ${ms} ms` }), ms);
  });
  try {
    return await Promise.race([
      probe().catch((error: unknown): Health => ({ healthy: false, detail: describeError(error) })),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    const cause = error.cause instanceof Error && !error.message.includes(error.cause.message) ? `: ${error.cause.message}` : '';
    const prefix = code && !error.message.includes(code) ? `${code} ` : '';
    // First sentence only: some clients explain at length ("… Please ensure that …").
    return `${prefix}${error.message.split('. ')[0]}${cause}`.slice(0, 200);
  }
  return String(error).slice(0, 200);
}
