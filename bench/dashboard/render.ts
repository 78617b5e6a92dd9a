/**
 * One render of the delivery page, read from the page's own clocks: every time here is ms after the
 * navigation started (the document's `performance.timeOrigin`), so Playwright's round trips to the
 * browser are never part of a figure. The page says it is done with the mark `dashboard-ready`
 * (dashboard/delivery.ts), made once every panel settled; its `startTime` is the render time.
 *
 * Beside it, where that time went, from Navigation and Resource Timing: when the module graph had
 * run (DOMContentLoaded waits for the page's own bundled module to be fetched and run; ECharts, a
 * dynamic import, is not part of it), when the first question was asked and the last answer was in, and each question's
 * own time. What was transferred is each response body's encoded size, by kind of path.
 */
import type { Page } from 'playwright-core';

export interface Bytes {
  /** /vendor/*: the charting library. */
  readonly vendor: number;
  /** /, /dashboard/*: the page's HTML, modules, styles and icon. */
  readonly own: number;
  /** /v1/*: the answers. */
  readonly data: number;
  readonly requests: number;
}

export interface Render {
  /** Navigation start → the `dashboard-ready` mark. */
  readonly ms: number;
  /** → DOMContentLoaded's end: the HTML and the page's own module fetched and run (not ECharts, a dynamic import). */
  readonly modulesMs: number;
  /** → the first /v1/questions request started. */
  readonly firstAskMs: number;
  /** → the last /v1/questions response ended. */
  readonly lastAnswerMs: number;
  /** Each question's request, start to response end (a name asked twice keeps its longer). */
  readonly questions: Readonly<Record<string, number>>;
  readonly bytes: Bytes;
  /** `<body data-view>`: PROJECT|from|to, the range the page settled on. */
  readonly view: string;
}

/** How long a page may take to settle before the bench gives up on it. */
const SETTLE_TIMEOUT_MS = 60_000;

/** Waits for the page (already navigated or reloaded) to settle, then reads its timings. Throws if it settled without the mark. */
export async function renderOf(page: Page): Promise<Render> {
  // A selector, not waitForFunction: the page's Content-Security-Policy refuses the eval that would need.
  await page.waitForSelector('body[data-state="ready"]', { state: 'attached', timeout: SETTLE_TIMEOUT_MS });
  // A string: the bench's TypeScript knows no DOM.
  const read = await page.evaluate(`(() => {
    const mark = performance.getEntriesByName('dashboard-ready')[0];
    const navigation = performance.getEntriesByType('navigation')[0];
    const resources = performance.getEntriesByType('resource');
    return {
      ms: mark === undefined ? null : mark.startTime,
      banner: document.getElementById('banner')?.textContent ?? '',
      view: document.body.dataset.view ?? '',
      modulesMs: navigation.domContentLoadedEventEnd,
      entries: [{ name: navigation.name, start: navigation.startTime, end: navigation.responseEnd, size: navigation.encodedBodySize }]
        .concat(resources.map((r) => ({ name: r.name, start: r.startTime, end: r.responseEnd, size: r.encodedBodySize }))),
    };
  })()`) as { ms: number | null; banner: string; view: string; modulesMs: number; entries: { name: string; start: number; end: number; size: number }[] };
  if (read.ms === null) throw new Error(`the page settled without the dashboard-ready mark (its banner: ${JSON.stringify(read.banner)})`);

  const bytes = { vendor: 0, own: 0, data: 0, requests: read.entries.length };
  const questions: Record<string, number> = {};
  let firstAskMs = Number.POSITIVE_INFINITY;
  let lastAnswerMs = 0;
  for (const entry of read.entries) {
    const { pathname } = new URL(entry.name);
    if (pathname.startsWith('/vendor/')) bytes.vendor += entry.size;
    else if (pathname.startsWith('/v1/')) bytes.data += entry.size;
    else bytes.own += entry.size;
    if (!pathname.startsWith('/v1/questions/')) continue;
    const name = decodeURIComponent(pathname.slice('/v1/questions/'.length));
    questions[name] = Math.max(questions[name] ?? 0, entry.end - entry.start);
    firstAskMs = Math.min(firstAskMs, entry.start);
    lastAnswerMs = Math.max(lastAnswerMs, entry.end);
  }
  return { ms: read.ms, modulesMs: read.modulesMs, firstAskMs, lastAnswerMs, questions, bytes, view: read.view };
}

/**
 * The baseline: `asks` fetched all at once from a page of the same origin (no dashboard code, no
 * charts), start to every body read as text; ms. A refusal throws, naming the question.
 */
export async function dataOnly(page: Page, asks: readonly { name: string; input: Record<string, unknown> }[]): Promise<number> {
  return page.evaluate(async (list) => {
    const started = performance.now();
    await Promise.all(
      list.map(async ({ name, input }) => {
        const response = await fetch(`/v1/questions/${encodeURIComponent(name)}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(input) });
        const text = await response.text();
        if (!response.ok) throw new Error(`${name} answered ${response.status}: ${text.slice(0, 300)}`);
      }),
    );
    return performance.now() - started;
  }, asks);
}
