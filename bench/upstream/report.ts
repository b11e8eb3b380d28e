import type { Measured, ScenarioOptions, UpstreamReport } from './scenarios';

export interface Target {
  name: string;
  met: boolean;
  measured: string;
}

/** The upstream-load targets that the scenarios run can judge. */
export function targets(report: UpstreamReport, options: ScenarioOptions): Target[] {
  const { rest, direct, watchers, visibility } = report;
  const out: Target[] = [];
  if (rest) {
    // 5 calls per lifecycle (create, 3 actions, delete), and 3 reads: 160 for 20.
    const budget = 8 * options.fleet;
    out.push({
      name: `${options.fleet} REST lifecycles cost ≤ ${budget} upstream requests`,
      met: rest.upstream <= budget,
      measured: String(rest.upstream),
    });
    // openstacksdk's default: wait_for_server polls every 2 s.
    const sdk = direct[0];
    if (sdk) {
      out.push({
        name: `their wall time ≤ the direct client's polling every ${secs(options.directPollMs[0])}`,
        met: rest.wallMs <= sdk.wallMs,
        measured: `${secs(rest.wallMs)} vs ${secs(sdk.wallMs)}`,
      });
    }
  }
  if (watchers) {
    out.push({
      name: `${options.watchers} clients polling one server cost no more upstream requests than 1`,
      met: watchers.many.upstream <= watchers.one.upstream,
      measured: `${watchers.many.upstream} vs ${watchers.one.upstream}`,
    });
  }
  if (visibility) {
    out.push({
      name: 'a transition in Nova shows in our API within 0.5 s (p95)',
      met: visibility.lags.p95 <= 500,
      measured: `p95 ${ms(visibility.lags.p95)} over ${visibility.lags.lagsMs.length} transitions`,
    });
  }
  return out;
}

/** The report as markdown: one table of the scenarios, then a PASS/FAIL line per target. */
export function render(report: UpstreamReport, checks: Target[]): string {
  const { rest, direct, watchers, visibility } = report;
  const rows: [Measured, string][] = [];
  if (rest) rows.push([rest, rest.upstreamDetail]);
  for (const row of direct) rows.push([row, row.upstreamDetail]);
  if (watchers) rows.push([watchers.one, watchers.one.upstreamDetail]);
  if (watchers) rows.push([watchers.many, watchers.many.upstreamDetail]);
  if (visibility) {
    const l = visibility.lags;
    rows.push([
      visibility,
      `lag p50 ${ms(l.p50)}, p95 ${ms(l.p95)}, max ${ms(l.max)} (n=${l.lagsMs.length}` +
        (l.unknown > 0 ? `, ${l.unknown} left out: not seen coming in Nova` : '') +
        '; ' +
        `reads took p50 ${ms(l.novaReadP50)} on Nova, ${ms(l.oursReadP50)} on ours); ` +
        visibility.upstreamDetail,
    ]);
  }
  return [
    '| scenario | upstream requests | client requests | wall time | detail |',
    '| --- | ---: | ---: | ---: | --- |',
    ...rows.map(
      ([row, detail]) =>
        `| ${row.scenario} | ${row.upstream} | ${row.clientRequests} | ${secs(row.wallMs)} | ${detail} |`,
    ),
    '',
    ...checks.map((t) => `${t.met ? 'PASS' : 'FAIL'}  ${t.name}: ${t.measured}`),
  ].join('\n');
}

const secs = (value: number) => `${(value / 1000).toFixed(1)} s`;
const ms = (value: number) => `${Math.round(value)} ms`;
