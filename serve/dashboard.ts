/**
 * The dashboard's files, served by `switchyard serve` next to the catalogue they read:
 *
 * | path | what |
 * |---|---|
 * | `GET /` | the delivery page (dashboard/index.html): DORA, flow, contributors, dependencies |
 * | `GET /pipeline` | the pipeline page (dashboard/pipeline.html): each sub-topology live, the topology drawn |
 * | `GET /dashboard/delivery.ts`, `/dashboard/pipeline.ts` | each page's script: its modules in one file |
 * | `GET /dashboard/<file>` | the styles and the icon |
 * | `GET /vendor/echarts.js`, `/vendor/mermaid.js` | the charting and diagram libraries, from node_modules |
 *
 * The pages are TypeScript (dashboard/tsconfig.json checks them against the DOM and the catalogue's
 * own types), turned into JavaScript once, when the app is built, by esbuild: each page's entry
 * module with the page's own modules in one file, types removed (bench:dashboard measured the
 * waterfall of a dozen imports at about 100 ms of a cold render). The libraries stay apart: an
 * import map in each page points `echarts` at the vendored file, which the page preloads and
 * imports dynamically; the pipeline page loads Mermaid when it first draws the topology. No CDN:
 * the pages work offline.
 *
 * Nothing here holds data, so these paths are served without a token; every number the pages show
 * comes from `/v1/questions/…` and `/v1/pipeline`, behind the same auth as any other caller.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { buildSync } from 'esbuild';
import { Hono, type Context } from 'hono';

const DASHBOARD = path.resolve(import.meta.dirname, '../dashboard');
const require = createRequire(import.meta.url);

interface Asset {
  readonly body: Uint8Array<ArrayBuffer>;
  /** The body gzipped, for a vendored library (1 MB and more); made once, off the event loop, on its first request. */
  gzipped?: Promise<Uint8Array<ArrayBuffer>>;
  readonly type: string;
  readonly etag: string;
  /** Vendored libraries change only with node_modules; the pages' own files may change on a restart. */
  readonly cache: string;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The pages' entry modules: each page's one module script, served bundled at its own name. */
const ENTRIES = ['delivery.ts', 'pipeline.ts'];

/** The libraries the pages load, by the path they are served at: a package's own built file. */
const VENDOR: Readonly<Record<string, { readonly pkg: string; readonly file: string }>> = {
  'echarts.js': { pkg: 'echarts', file: 'dist/echarts.esm.min.mjs' },
  'mermaid.js': { pkg: 'mermaid', file: 'dist/mermaid.min.js' },
};

function assetOf(body: Uint8Array<ArrayBuffer>, type: string, cache: string): Asset {
  return { body, type, cache, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
}

/**
 * Every page file: the pages, styles and icon as they are, and each entry module bundled with the
 * page's own modules (the libraries left external). A module esbuild cannot read fails here, at
 * start, naming the file.
 */
function pageAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const cache = 'no-cache';
  for (const entry of readdirSync(DASHBOARD, { recursive: true, withFileTypes: true })) {
    const type = TYPES[path.extname(entry.name)];
    if (!entry.isFile() || type === undefined) continue;
    const file = path.join(entry.parentPath, entry.name);
    assets.set(path.relative(DASHBOARD, file).split(path.sep).join('/'), assetOf(new Uint8Array(readFileSync(file)), type, cache));
  }
  const bundled = buildSync({
    entryPoints: ENTRIES.map((entry) => path.join(DASHBOARD, entry)),
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    external: ['echarts'],
    outdir: DASHBOARD,
    logLevel: 'silent',
  });
  for (const output of bundled.outputFiles) {
    assets.set(path.relative(DASHBOARD, output.path).replace(/\.js$/, '.ts'), assetOf(new Uint8Array(output.contents), TYPES['.js']!, cache));
  }
  return assets;
}

/** A vendored library, read on its first request (mermaid is 6 MB and only the pipeline page wants it). */
function vendorAsset(name: string, loaded: Map<string, Asset>): Asset | undefined {
  const found = loaded.get(name);
  if (found !== undefined) return found;
  const vendor = VENDOR[name];
  if (vendor === undefined) return undefined;
  const root = path.dirname(require.resolve(`${vendor.pkg}/package.json`));
  const asset = assetOf(new Uint8Array(readFileSync(path.join(root, vendor.file))), TYPES['.js']!, 'public, max-age=86400');
  loaded.set(name, asset);
  return asset;
}

/** Whether an Accept-Encoding header takes gzip (`gzip;q=0` refuses it). */
export function acceptsGzip(header: string | undefined): boolean {
  return (header ?? '').split(',').some((part) => {
    const [coding, ...parameters] = part.trim().toLowerCase().split(';').map((p) => p.trim());
    const q = parameters.find((p) => p.startsWith('q='));
    return (coding === 'gzip' || coding === '*') && (q === undefined || Number(q.slice(2)) > 0);
  });
}

async function send(c: Context, asset: Asset | undefined, compress = false): Promise<Response> {
  if (asset === undefined) return c.notFound() as Response;
  const zipped = compress && acceptsGzip(c.req.header('Accept-Encoding'));
  // Each encoding its own tag: a cache must not answer one with the other.
  const etag = zipped ? `${asset.etag.slice(0, -1)}-gzip"` : asset.etag;
  const headers: Record<string, string> = { 'Content-Type': asset.type, ETag: etag, 'Cache-Control': asset.cache, 'X-Content-Type-Options': 'nosniff', ...(compress ? { Vary: 'Accept-Encoding' } : {}) };
  if (c.req.header('If-None-Match') === etag) return c.body(null, 304, headers);
  if (zipped) {
    asset.gzipped ??= gzipped(asset.body);
    return c.body(await asset.gzipped, 200, { ...headers, 'Content-Encoding': 'gzip' });
  }
  return c.body(asset.body, 200, headers);
}

const gzipped = async (body: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> => new Uint8Array(await promisify(gzip)(body));

/** The pages' Content-Security-Policy: their own scripts only; inline styles, which ECharts and Mermaid's SVG carry. */
const PAGE_POLICY = "default-src 'self'; script-src 'self' 'sha256-{importmap}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

let built: Map<string, Asset> | undefined;

/** The routes above, for `app.route('/', dashboardRoutes())`. */
export function dashboardRoutes(): Hono {
  // Built once a process: every app (a test builds many) serves the same files.
  const pages = (built ??= pageAssets());
  const vendored = new Map<string, Asset>();
  const app = new Hono();
  const page = (file: string) => {
    const asset = pages.get(file);
    if (asset === undefined) throw new Error(`the dashboard has no ${file} (in ${DASHBOARD})`);
    const policy = policyFor(asset);
    return (c: Context) => {
      c.header('Content-Security-Policy', policy);
      return send(c, asset);
    };
  };
  app.get('/', page('index.html'));
  app.get('/pipeline', page('pipeline.html'));
  // The pages themselves only at their own paths, with their policy.
  app.get('/dashboard/*', (c) => {
    const file = c.req.path.slice('/dashboard/'.length);
    return send(c, file.endsWith('.html') ? undefined : pages.get(file));
  });
  app.get('/vendor/:file', (c) => send(c, vendorAsset(c.req.param('file'), vendored), true));
  return app;
}

/** The policy with the page's import map allowed by its hash (an inline script, but a fixed one). */
function policyFor(asset: Asset): string {
  const html = new TextDecoder().decode(asset.body);
  const importMap = /<script type="importmap">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
  return PAGE_POLICY.replace('{importmap}', createHash('sha256').update(importMap).digest('base64'));
}
