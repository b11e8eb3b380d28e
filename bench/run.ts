/**
 * `npm run bench`: throughput and latency of the REST API on embedded SQLite with the
 * simulator, reported as RATIOS against baselines measured in the same run, so the
 * numbers mean the same on any machine:
 *   - GET /servers/{id} and a 50-row list page against the CEILING: a bare node:http +
 *     better-sqlite3 server doing the same work on the same file (API key looked up by
 *     hash, row(s) read, JSON built) — see ceiling.ts;
 *   - p99 at 50 connections against the ceiling's p99;
 *   - a list page at 20,000 servers, and a page deep in the list, against the first page
 *     at 1,000 (keyset pagination must keep the cost per page flat).
 * Goals (issue targets, printed as ok/MISSED; the bench exits non-zero when one is missed):
 *   get/ceiling ≥ 0.60, list/ceiling ≥ 0.70, p99(50 conns) ≤ 10× the ceiling's,
 *   list@20k/list@1k ≥ 0.70, deep/first ≥ 0.70, and a heap (after a full GC) that grows by
 *   less than 32 MiB over three load runs: a leak per request would show.
 * The load generator runs in this process too, so RSS is reported but not judged.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ceilingServer } from './ceiling';
import { boot, type Booted } from './support';
import { measure, type Result } from './measure';
import { seedServers } from './seed';

const KEY = 'bench-admin-key-0123456789abcdef0123456789';
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vm-bench-'));
  let app: Booted | null = null;
  let ceiling: Awaited<ReturnType<typeof ceilingServer>> | null = null;
  try {
    const databasePath = join(dir, 'bench.sqlite');
    app = await boot(databasePath, KEY);
    const rssStart = process.memoryUsage().rss;

    await seedServers(app, 1_000);
    const heapBefore = heapAfterGc();
    // A key minted like any client's, so both sides look it up in api_keys.
    const minted = await app.mintKey();
    const auth = { authorization: `Bearer ${minted}` };
    const sample = await app.json<{ items: { id: string }[] }>('/api/v1/servers?limit=1');
    const id = sample.items[0].id;
    ceiling = await ceilingServer(databasePath);

    const results: Record<string, Result> = {};
    results.ceilingGet = await measure(
      'ceiling: GET /servers/{id}',
      `${ceiling.url}/servers/${id}`,
      auth,
      DURATION_S,
    );
    results.get = await measure(
      'GET /servers/{id}',
      `${app.url}/api/v1/servers/${id}`,
      auth,
      DURATION_S,
    );
    results.ceilingList = await measure(
      'ceiling: GET /servers?limit=50',
      `${ceiling.url}/servers?limit=50`,
      auth,
      DURATION_S,
    );
    results.list1k = await measure(
      'GET /servers?limit=50 @1k',
      `${app.url}/api/v1/servers?limit=50`,
      auth,
      DURATION_S,
    );
    results.ceilingGet50 = await measure(
      'ceiling: GET /servers/{id}, 50 connections',
      `${ceiling.url}/servers/${id}`,
      auth,
      DURATION_S,
      50,
    );
    results.get50 = await measure(
      'GET /servers/{id}, 50 connections',
      `${app.url}/api/v1/servers/${id}`,
      auth,
      DURATION_S,
      50,
    );
    const heapGrowthMiB = (heapAfterGc() - heapBefore) / 2 ** 20;

    await seedServers(app, 20_000);
    results.list20k = await measure(
      'GET /servers?limit=50 @20k',
      `${app.url}/api/v1/servers?limit=50`,
      auth,
      DURATION_S,
    );
    const deepCursor = await app.deepCursor(15_000);
    results.deep = await measure(
      'GET /servers?limit=50&cursor=<15,000 in> @20k',
      `${app.url}/api/v1/servers?limit=50&cursor=${deepCursor}`,
      auth,
      DURATION_S,
    );
    const rssGrowthMiB = (process.memoryUsage().rss - rssStart) / 2 ** 20;

    const ratios = [
      ['GET /servers/{id} vs ceiling', results.get.rps / results.ceilingGet.rps, 0.6],
      ['list page vs ceiling', results.list1k.rps / results.ceilingList.rps, 0.7],
      [
        'ceiling p99 / p99, 50 connections (≥ 0.1: p99 within 10×)',
        Math.max(results.ceilingGet50.p99, 1) / Math.max(results.get50.p99, 1),
        0.1,
      ],
      ['list page @20k vs @1k', results.list20k.rps / results.list1k.rps, 0.7],
      ['deep page vs first page @20k', results.deep.rps / results.list20k.rps, 0.7],
    ] as const;
    console.log('\n| measurement | req/s | p50 ms | p99 ms |\n|---|---|---|---|');
    for (const r of Object.values(results))
      console.log(`| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} |`);
    console.log('\n| ratio | value | goal | |\n|---|---|---|---|');
    let failed = false;
    for (const [name, value, goal] of ratios) {
      const ok = value >= goal;
      failed ||= !ok;
      console.log(`| ${name} | ${value.toFixed(3)} | ≥ ${goal} | ${ok ? 'ok' : 'MISSED'} |`);
    }
    const memOk = heapGrowthMiB < 32;
    failed ||= !memOk;
    console.log(
      `| heap growth over 3 load runs, after GC | ${heapGrowthMiB.toFixed(1)} MiB | < 32 MiB | ${memOk ? 'ok' : 'MISSED'} |`,
    );
    console.log(
      `| RSS growth over the whole run (load generator included) | ${rssGrowthMiB.toFixed(1)} MiB | — | info |`,
    );
    process.exitCode = failed ? 1 : 0;
  } finally {
    await ceiling?.close();
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Heap in use after a full collection (`node --expose-gc`, as `npm run bench` runs it). */
function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc (npm run bench does)');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

void main();
