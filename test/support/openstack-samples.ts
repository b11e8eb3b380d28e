import { readFileSync } from 'node:fs';

/** A request/response pair captured from the lab cloud (shared/openstack/samples). */
export interface Sample {
  method: string;
  url: string;
  headers: Record<string, string>;
  data: string | undefined;
  status: number;
  /** Response headers, lower-cased names; repeated ones joined with ", ". */
  responseHeaders: Record<string, string>;
  /** The body as captured: pretty JSON, HTML, or "(empty body)". */
  body: string;
}

/** Splits a `$ curl …` line the way a shell would (single and double quotes). */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/** Reads a sample file: the curl command, the status line, the headers and the body. */
export function readSample(path: string): Sample {
  const lines = readFileSync(path, 'utf8').split('\n');
  const args = words(lines[0].replace(/^\$ curl /, ''));
  const headers: Record<string, string> = {};
  let method = 'GET';
  let explicitMethod = false;
  let data: string | undefined;
  let url = '';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-H') {
      const [name, ...value] = args[++i].split(':');
      headers[name.trim().toLowerCase()] = value.join(':').trim();
    } else if (arg === '-d') {
      data = args[++i];
      // curl's default with a body, unless -X named the method (before or after -d).
      if (!explicitMethod) method = 'POST';
    } else if (arg === '-X') {
      method = args[++i];
      explicitMethod = true;
    } else if (!arg.startsWith('-')) {
      url = arg;
    }
  }
  const status = Number(lines[1].split(' ')[1]);
  const responseHeaders: Record<string, string> = {};
  let i = 2;
  for (; i < lines.length && lines[i].trim() !== ''; i++) {
    const [name, ...value] = lines[i].split(':');
    const key = name.trim().toLowerCase();
    const text = value.join(':').trim();
    responseHeaders[key] = responseHeaders[key] ? `${responseHeaders[key]}, ${text}` : text;
  }
  return {
    method,
    url,
    headers,
    data,
    status,
    responseHeaders,
    body: lines.slice(i + 1).join('\n'),
  };
}

const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * Where `actual` differs in shape from `expected`: the same keys (except `ignore`d ones)
 * with values of the same JSON types, recursively; each array element against the
 * expected element at the same index (or the first one, for longer arrays). Values
 * themselves (ids, dates) are not compared.
 */
export function shapeDiff(
  expected: unknown,
  actual: unknown,
  ignore: ReadonlySet<string> = new Set(),
  path = '$',
): string[] {
  if (kind(expected) !== kind(actual)) {
    return [`${path}: ${kind(expected)} expected, got ${kind(actual)}`];
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length === 0) return [];
    if (actual.length === 0) return [`${path}: a non-empty array expected`];
    return actual.flatMap((item, i) =>
      shapeDiff(i < expected.length ? expected[i] : expected[0], item, ignore, `${path}[${i}]`),
    );
  }
  if (kind(expected) !== 'object') return [];
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(e)) {
    if (ignore.has(key)) continue;
    if (!(key in a)) problems.push(`${path}.${key}: missing`);
    else problems.push(...shapeDiff(e[key], a[key], ignore, `${path}.${key}`));
  }
  for (const key of Object.keys(a)) {
    if (!(key in e) && !ignore.has(key)) problems.push(`${path}.${key}: unexpected`);
  }
  return problems;
}
