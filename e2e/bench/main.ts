// Client benchmark (part of `npm run bench` / `npm run bench:quick`): the real server,
// a 10,000-element board written through a stock y-websocket client, and Chromium
// (headless, as the e2e tests run it) timed to the rendered board and measured for
// frame times while panning and zooming. Prints a table, writes JSON and screenshots
// to bench-results/. See README.md beside this file.
//
// Options: --quick            shorter (one cold load, 2 s scenarios)
//          --elements=N       board size (default 10,000)
//          --profile          also write CPU profiles of the page (slows it down: see profile.ts)
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { benchLog, describeMachine, fileStamp, limitRun, loadAverage, machineLoadPercent, runToExit, writeJson, type RunControl, type YClient } from '@idea-board/server/bench-support';
import { buildBoard } from './board.js';
import { census, launchBrowser, measureLoad, newBoardContext, waitForQuiet, waitForStableMount, type LoadResult } from './browser.js';
import { FULL, QUICK, type ClientBenchConfig } from './config.js';
import { firstRenderVerdict, renderReport, zoomLabel, type FitResult, type Report } from './report.js';
import { dragPan, runScenario, wheelPan, wheelZoom, type Point, type ScenarioResult, type ScenarioSpec } from './scenarios.js';
import { startProfile, stopProfile, type SelfTime } from './profile.js';
import { startServer, type BoardServer } from './server.js';
import { LoadMonitor, panTargetMet } from './stats.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const resultsDir = join(repoRoot, 'bench-results');

const log = benchLog('client-bench');

function parseArgs(argv: string[]): ClientBenchConfig & { profile: boolean } {
  let cfg: ClientBenchConfig = FULL;
  let elements: number | null = null;
  let profile = false;
  for (const a of argv) {
    if (a === '--quick') cfg = QUICK;
    else if (a === '--profile') profile = true;
    else if (a.startsWith('--elements=')) {
      elements = Number(a.slice('--elements='.length));
      if (!Number.isInteger(elements) || elements < 1 || elements > 100_000) throw new Error(`--elements must be 1..100000, got ${a}`);
    } else throw new Error(`unknown argument ${a} (options: --quick, --elements=N, --profile)`);
  }
  return { ...cfg, ...(elements === null ? {} : { elements }), profile };
}

// Everything opened, for the cleanup on any exit path.
const open: { server: BoardServer | null; keeper: YClient | null; browser: Browser | null } = {
  server: null,
  keeper: null,
  browser: null,
};

async function closeAll(): Promise<void> {
  const { browser, keeper, server } = open;
  open.browser = null;
  open.keeper = null;
  open.server = null;
  await browser?.close().catch(() => {});
  keeper?.destroy();
  await server?.stop();
}

const control: RunControl = { log, closeAll };

function gitState(): { head: string; dirtyClientFiles: string[]; clientBuiltAt: string | null } {
  const clientDir = process.env.CLIENT_DIR || join(repoRoot, 'client', 'dist');
  let clientBuiltAt: string | null = null;
  try {
    clientBuiltAt = statSync(join(clientDir, 'index.html')).mtime.toISOString();
  } catch {
    // no build: the run failed before this anyway
  }
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'client', 'shared'], { cwd: repoRoot, encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.trim() !== '');
    return { head, dirtyClientFiles: dirty, clientBuiltAt };
  } catch {
    return { head: 'unknown', dirtyClientFiles: [], clientBuiltAt };
  }
}

async function canvasBox(page: Page): Promise<{ centre: Point; width: number; height: number }> {
  const box = await page.getByRole('application', { name: 'Board canvas' }).boundingBox({ timeout: 10_000 });
  if (!box) throw new Error('the board canvas is not on the page');
  return { centre: { x: Math.round(box.x + box.width / 2), y: Math.round(box.y + box.height / 2) }, width: box.width, height: box.height };
}

/** Keeps the last page errors and console errors of a page, for diagnosing a failed load. */
function watchPage(page: Page | null): () => string[] {
  const seen: string[] = [];
  const keep = (line: string): void => {
    seen.push(line.slice(0, 300));
    if (seen.length > 20) seen.shift();
  };
  page?.on('pageerror', (err) => keep(`pageerror: ${err.message}`));
  page?.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') keep(`console.${message.type()}: ${message.text()}`);
  });
  page?.on('crash', () => keep('the page crashed'));
  return () => [...seen];
}

/** What the page showed when a load did not finish: a screenshot, the sync pill, element nodes, errors. */
async function diagnose(page: Page, errors: () => string[], shot: string): Promise<string> {
  await page.screenshot({ path: shot, timeout: 15_000 }).catch(() => {});
  const state = await page
    .evaluate(() => ({
      status: document.querySelector('[role="status"]')?.textContent?.trim() ?? '',
      elements: document.querySelectorAll('[data-element-id]').length,
      sockets: (window.__boardBench?.sockets ?? []).map((s) => `${s.url.replace(/^.*\/\/[^/]+/, '')} open@${s.opened.toFixed(0)} ${s.count} msgs ${s.bytes} B`),
      now: performance.now(),
    }))
    .catch((err: unknown) => ({ error: String(err) }));
  return `page state ${JSON.stringify(state)}; errors ${JSON.stringify(errors())}; screenshot ${shot}`;
}

async function clickAndSettle(page: Page, name: string, times: number, cfg: RunConfig): Promise<void> {
  const button = page.getByRole('button', { name, exact: true });
  for (let i = 0; i < times; i++) await button.click({ timeout: 10_000 });
  await waitForQuiet(page, cfg.quietMs, cfg.settleMaxMs);
}

type RunConfig = ClientBenchConfig & { profile: boolean };

async function run(cfg: RunConfig, stamp: string): Promise<{ report: Report; screenshots: string[]; profiles: Record<string, SelfTime[]> }> {
  const loadAtStart = loadAverage();
  const otherAtStart = await machineLoadPercent(1000);
  if (otherAtStart > 15) log(`WARNING: other work is using ${otherAtStart.toFixed(0)}% of a core right now; the figures will be noisy`);

  log('starting the server');
  const server = await startServer(repoRoot);
  open.server = server;
  log(`server on ${server.baseUrl}; writing a ${cfg.elements}-element board`);
  const { info: board, keeper } = await buildBoard(server.wsUrl, () => server.createRoom(), cfg.elements, 60_000);
  open.keeper = keeper;
  log(
    `board ${board.roomId}: ${board.elements} elements, ${(board.encodedBytes / 1024 / 1024).toFixed(2)} MB, ` +
      `written in ${board.writeMs.toFixed(0)} ms, seen by a fresh client ${board.verifyMs.toFixed(0)} ms later`,
  );

  const browser = await launchBrowser();
  open.browser = browser;
  const browserVersion = `Chromium ${browser.version()}`;
  const url = `${server.baseUrl}/b/${board.roomId}`;
  const monitor = new LoadMonitor(() => open.server?.pid ?? null);
  const screenshots: string[] = [];
  const profiles: Record<string, SelfTime[]> = {};
  const profileFile = (name: string): string => join(resultsDir, `client-bench-${stamp}-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.cpuprofile`);
  const keepProfile = (name: string, top: SelfTime[]): void => {
    profiles[name] = top;
    log(`profile ${name}: ${top.slice(0, 8).map((t) => `${t.fn} ${t.ms.toFixed(0)} ms`).join('; ')}`);
  };

  // --- first render, in fresh contexts ----------------------------------------
  const coldLoads: LoadResult[] = [];
  let context: BrowserContext | null = null;
  let page: Page | null = null;
  let errors = watchPage(null);
  for (let i = 0; i < cfg.coldLoads; i++) {
    if (context) await context.close();
    context = await newBoardContext(browser);
    page = await context.newPage();
    errors = watchPage(page);
    const profiling = cfg.profile && i === 0 ? await context.newCDPSession(page) : null;
    if (profiling) await startProfile(profiling);
    const loaded = page;
    const result = await measureLoad(loaded, url, board.roomId, cfg.stableMs).catch(async (err: unknown) => {
      throw new Error(`load ${i + 1}: ${String(err)}; ${await diagnose(loaded, errors, join(resultsDir, `client-bench-${stamp}-load-failed.png`))}`);
    });
    if (profiling) {
      keepProfile('first load', await stopProfile(profiling, profileFile('first-load')));
      await profiling.detach().catch(() => {});
    }
    coldLoads.push(result);
    log(
      `load ${i + 1}/${cfg.coldLoads}: first render ${result.firstRenderMs.toFixed(0)} ms, live ${result.liveMs.toFixed(0)} ms, ` +
        `editable ${result.editableMs.toFixed(0)} ms, ` +
        `${result.census.mounted} element nodes mounted (${result.census.onScreen} on screen)`,
    );
  }
  if (!context || !page) throw new Error('no load ran');
  const firstView = join(resultsDir, `client-bench-${stamp}-first-view.png`);
  await page.screenshot({ path: firstView, timeout: 30_000 });
  screenshots.push(firstView);

  let warmReload: LoadResult | { error: string } | null = null;
  if (cfg.warmReload) {
    // let the page keep its copy in IndexedDB first
    await waitForQuiet(page, cfg.quietMs, cfg.settleMaxMs);
    try {
      const reloaded = await measureLoad(page, url, board.roomId, cfg.stableMs, true);
      warmReload = reloaded;
      log(`reload (warm): first render ${reloaded.firstRenderMs.toFixed(0)} ms, live ${reloaded.liveMs.toFixed(0)} ms, editable ${reloaded.editableMs.toFixed(0)} ms`);
    } catch (err) {
      // Reported, not fatal: the frame-time scenarios go on in a fresh context.
      const shot = join(resultsDir, `client-bench-${stamp}-reload-failed.png`);
      warmReload = { error: `${err instanceof Error ? err.message : String(err)}; ${await diagnose(page, errors, shot)}` };
      screenshots.push(shot);
      log(`WARNING: the warm reload did not render: ${warmReload.error}`);
      await context.close();
      context = await newBoardContext(browser);
      page = await context.newPage();
      errors = watchPage(page);
      await measureLoad(page, url, board.roomId, cfg.stableMs);
    }
  }

  // --- frame times ------------------------------------------------------------
  const cdp = await context.newCDPSession(page);
  const canvas = await canvasBox(page);
  const centre = canvas.centre;
  const scenarios: ScenarioResult[] = [];
  const scenario = async (spec: Omit<ScenarioSpec, 'durationMs' | 'view'> & { durationMs?: number; view?: string }): Promise<void> => {
    await waitForQuiet(page, cfg.quietMs, cfg.settleMaxMs);
    const view = spec.view ?? zoomLabel(await census(page));
    if (cfg.profile) await startProfile(cdp);
    const result = await runScenario(page, { ...spec, view, durationMs: spec.durationMs ?? cfg.scenarioMs }, monitor);
    if (cfg.profile) keepProfile(`${spec.name} @ ${view}`, await stopProfile(cdp, profileFile(`${spec.name}-${view}`)));
    scenarios.push(result);
    log(
      `${result.name} @ ${result.view}: p50 ${result.stats.p50.toFixed(1)} p95 ${result.stats.p95.toFixed(1)} ` +
        `max ${result.stats.max.toFixed(1)} ms over ${result.stats.frames} frames, other load ${result.load.otherPercent.toFixed(0)}%`,
    );
  };
  // Screen-space paths: ~1200 px/s across the canvas for the wheel, ~350 px/s for the drag.
  const panAmplitude = { x: 1200, y: 500 };
  const periodMs = 4000;

  await scenario({ name: 'idle (baseline)', durationMs: cfg.idleMs });
  await scenario({ name: 'wheel pan', panTarget: true, drive: wheelPan(cdp, centre, panAmplitude, periodMs) });
  await scenario({ name: 'drag pan (middle button)', panTarget: true, drive: dragPan(cdp, centre, { x: 350, y: 200 }, periodMs) });
  await scenario({ name: 'ctrl+wheel zoom', view: '100%<->25%', drive: wheelZoom(cdp, centre, 4, 2000, false) });

  // 25%: reduced detail (text as bars), ~16 times the elements of 100% in view
  await clickAndSettle(page, 'Reset zoom to 100%', 1, cfg);
  await clickAndSettle(page, 'Zoom out', 5, cfg);
  await scenario({ name: 'wheel pan', panTarget: true, drive: wheelPan(cdp, centre, panAmplitude, periodMs) });

  // the whole board in view: every element mounted
  await waitForQuiet(page, cfg.quietMs, cfg.settleMaxMs);
  const t0 = await page.evaluate(() => {
    const button = document.querySelector<HTMLButtonElement>('button[aria-label="Zoom to fit"]');
    if (!button) throw new Error('no "Zoom to fit" button');
    const start = performance.now();
    button.click();
    return start;
  });
  const fitState = await waitForStableMount(page, t0, cfg.stableMs, 60_000);
  const fitCensus = await census(page);
  const fit: FitResult = { mountMs: (fitState.mountFrames.at(-1)?.after ?? NaN) - t0, census: fitCensus };
  log(`zoom to fit: ${fitCensus.mounted} element nodes mounted in ${fit.mountMs.toFixed(0)} ms at ${zoomLabel(fitCensus)}`);
  const fitShot = join(resultsDir, `client-bench-${stamp}-fit.png`);
  await page.screenshot({ path: fitShot, timeout: 60_000 });
  screenshots.push(fitShot);
  const fitLabel = `fit ${zoomLabel(fitCensus)}`;
  await scenario({ name: 'wheel pan', view: fitLabel, stress: true, panTarget: true, drive: wheelPan(cdp, centre, { x: 250, y: 150 }, periodMs) });
  await clickAndSettle(page, 'Zoom to fit', 1, cfg);
  await scenario({ name: 'ctrl+wheel zoom', view: `${fitLabel}<->x4`, stress: true, drive: wheelZoom(cdp, centre, 4, 2000, true) });
  await cdp.detach().catch(() => {});

  const report: Report = {
    mode: cfg.mode,
    machine: describeMachine(),
    browserVersion,
    canvas: `${Math.round(canvas.width)}x${Math.round(canvas.height)}`,
    otherLoadAtStartPercent: otherAtStart,
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: loadAverage(),
    board,
    coldLoads,
    warmReload,
    fit,
    scenarios,
  };
  return { report, screenshots, profiles };
}

async function main(): Promise<number> {
  const cfg = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const stamp = fileStamp();
  const liftTimeLimit = limitRun(cfg.deadlineMs, control);
  log(`${cfg.mode} run: ${cfg.elements} elements, ${cfg.coldLoads} cold load(s), ${cfg.scenarioMs / 1000} s per scenario`);
  try {
    const { report, screenshots, profiles } = await run(cfg, stamp);
    const text = renderReport(report);
    console.log('');
    if (cfg.profile) console.log('PROFILED RUN: the page ran under the CPU profiler, so every timing below is inflated.\n');
    console.log(text);
    const verdict = firstRenderVerdict(report.coldLoads);
    const git = gitState();
    const file = writeJson(resultsDir, `client-bench-${stamp}.json`, {
      date: new Date().toISOString(),
      durationSec: (Date.now() - started) / 1000,
      config: cfg,
      git,
      targets: {
        firstRenderMedianMs: verdict.median,
        firstRenderPass: verdict.pass,
        pan: report.scenarios.filter((s) => s.panTarget).map((s) => ({ name: s.name, view: s.view, p95: s.stats.p95, pass: panTargetMet(s.stats.p95) })),
      },
      ...report,
      screenshots,
      profiles: cfg.profile ? profiles : null,
      table: text,
    });
    console.log('');
    console.log(
      `Measured the client build of ${git.clientBuiltAt ?? 'unknown time'} (${process.env.CLIENT_DIR || 'client/dist'}); the repository is at ${git.head}` +
        (git.dirtyClientFiles.length > 0
          ? ` with uncommitted client/shared changes now: ${git.dirtyClientFiles.map((l) => l.trim()).join('; ')}.`
          : ', client/ and shared/ clean.'),
    );
    console.log(`Results written to ${file}; screenshots ${screenshots.join(', ')} (total ${((Date.now() - started) / 1000).toFixed(0)} s).`);
    return 0;
  } finally {
    liftTimeLimit();
    await closeAll();
  }
}

runToExit(main, control);
