import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as Yaml from 'yaml';

/** Where to look for clouds.yaml, as openstacksdk does; injectable for tests. */
export interface CloudsYamlLocations {
  /** The working directory (`./clouds.yaml`). */
  readonly cwd: string;
  /** The system-wide directory, `/etc/openstack` unless overridden. */
  readonly systemDir?: string;
}

/** One `clouds.<name>` entry, read-only, with string values only. */
export interface CloudEntry {
  /** The file the entry came from (a path, never a value from the file). */
  readonly file: string;
  /** A scalar at `path`, as a string; undefined when absent or not a scalar. */
  get(...path: string[]): string | undefined;
  /** The raw value at `path` (for lists such as `regions`). */
  raw(...path: string[]): unknown;
}

type Env = Record<string, string | undefined>;
type Tree = Record<string, unknown>;

const isTree = (value: unknown): value is Tree =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Search order of openstacksdk: explicit file, working directory, user, system. */
function candidates(env: Env, where: CloudsYamlLocations, file: string, envName: string): string[] {
  const dirs = [where.cwd];
  if (env.HOME) dirs.push(join(env.HOME, '.config', 'openstack'));
  dirs.push(where.systemDir ?? '/etc/openstack');
  return [...(env[envName] ? [env[envName]] : []), ...dirs.map((dir) => join(dir, file))];
}

function readFirst(paths: string[]): { path: string; text: string } | null {
  for (const path of paths) {
    try {
      return { path, text: readFileSync(path, 'utf8') };
    } catch {
      // Not there (or unreadable): try the next location, as openstacksdk does.
    }
  }
  return null;
}

function deepMerge(base: Tree, over: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(over)) {
    out[key] = isTree(value) && isTree(out[key]) ? deepMerge(out[key], value) : value;
  }
  return out;
}

/**
 * The YAML parser, loaded on first use: most starts read no clouds.yaml, and its 70 modules
 * were a noticeable part of the boot (ADR 0020).
 */
function loadYaml(): typeof Yaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, on purpose
  return require('yaml') as typeof Yaml;
}

/** Parses YAML without ever quoting the text back (the file may hold passwords). */
function parseTree(text: string): Tree | null {
  try {
    const doc: unknown = loadYaml().parse(text);
    return isTree(doc) ? doc : null;
  } catch {
    return null;
  }
}

/**
 * Finds the cloud named by `OS_CLOUD` in the first clouds.yaml on the search path, with
 * the matching entry of secure.yaml (if any) merged over it. Returns a problem text
 * (naming locations, never file contents) when it cannot.
 */
export function readCloudEntry(
  name: string,
  env: Env,
  where: CloudsYamlLocations,
): CloudEntry | { problem: string } {
  const found = readFirst(candidates(env, where, 'clouds.yaml', 'OS_CLIENT_CONFIG_FILE'));
  if (!found) {
    return {
      problem:
        'no clouds.yaml found (looked at OS_CLIENT_CONFIG_FILE, ./clouds.yaml, ' +
        '~/.config/openstack/clouds.yaml and /etc/openstack/clouds.yaml)',
    };
  }
  const doc = parseTree(found.text);
  if (!doc) return { problem: `${found.path} is not a valid clouds.yaml document` };
  const clouds = doc.clouds;
  let entry = isTree(clouds) ? clouds[name] : undefined;
  if (!isTree(entry)) return { problem: `the named cloud is not defined in ${found.path}` };

  const secure = readFirst(candidates(env, where, 'secure.yaml', 'OS_CLIENT_SECURE_FILE'));
  if (secure) {
    const secureDoc = parseTree(secure.text);
    if (!secureDoc) return { problem: `${secure.path} is not a valid secure.yaml document` };
    const extra = isTree(secureDoc.clouds) ? secureDoc.clouds[name] : undefined;
    if (isTree(extra)) entry = deepMerge(entry, extra);
  }

  const tree = entry;
  const raw = (...path: string[]): unknown =>
    path.reduce<unknown>((node, key) => (isTree(node) ? node[key] : undefined), tree);
  return {
    file: found.path,
    raw,
    get: (...path) => {
      const value = raw(...path);
      if (typeof value === 'string') return value === '' ? undefined : value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return undefined;
    },
  };
}
