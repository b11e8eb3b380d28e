import type { Measured, ScenarioOptions, UpstreamReport } from './scenarios';

export interface Target {
  name: string;
  met: boolean;
  measured: string;
}

/** Targets of issue 10 ("Upstream"), scaled to the fleet that ran. */
export function targets(report: UpstreamReport, options: ScenarioOptions): Target[] {
  const { rest, direct, oneWatcher, manyWatchers, visibility } = report;
  const budget = 8 * options.fleet; // 5 calls per lifecycle, and 3 reads
  const sdk = direct[0];
  const out: Target[] = [
    {
      name: `${options.fleet} REST lifecycles cost ≤ ${budget} upstream requests`,
      met: rest.upstream <= budget,
      measured: String(rest.upstream),
    },
  ];
  if (sdk) {
    out.push({
      name: `their wall time ≤ the direct client's (polling every ${secs(options.directPollMs[0])})`,
      met: rest.wallMs <= sdk.wallMs,
      measured: `${secs(rest.wallMs)} vs ${secs(sdk.wallMs)}`,
    });
  }
  out.push(
    {
      name: `${options.watchers} clients polling one server cost no more upstream requests than 1`,
      met: manyWatchers.upstream <= oneWatcher.upstream,
      measured: `${manyWatchers.upstream} vs ${oneWatcher.upstream}`,
    },
    {
      name: 'a transition in Nova shows in our API within 0.5 s (p95)',
      met: visibility.lags.p95 <= 500,
      measured: `p95 ${ms(visibility.lags.p95)} over ${visibility.lags.lagsMs.length} transitions`,
    },
  );
  return out;
}

/** The report as markdown: one table of the scenarios, then a pass/fail line per target. */
export function render(report: UpstreamReport, checks: Target[]): string {
  const rows: Measured[] = [
    report.rest,
    ...report.direct,
    report.oneWatcher,
    report.manyWatchers,
    report.visibility,
  ];
  const { lags } = report.visibility;
  const note = (row: Measured) =>
    row === report.visibility
      ? `lag p50 ${ms(lags.p50)}, p95 ${ms(lags.p95)}, max ${ms(lags.max)} (n=${lags.lagsMs.length}); ${row.upstreamDetail}`
      : row.upstreamDetail;
  const lines = [
    '| scenario | upstream requests | client requests | wall time | detail |',
    '| --- | ---: | ---: | ---: | --- |',
    ...rows.map(
      (row) =>
        `| ${row.scenario} | ${row.upstream} | ${row.clientRequests} | ${secs(row.wallMs)} | ${note(row)} |`,
    ),
    '',
    ...checks.map((t) => `${t.met ? 'PASS' : 'FAIL'}  ${t.name}: ${t.measured}`),
  ];
  return lines.join('\n');
}

const secs = (value: number) => `${(value / 1000).toFixed(1)} s`;
const ms = (value: number) => `${Math.round(value)} ms`;
