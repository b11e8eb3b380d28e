import { invalidInput, pyRepr } from '../../simulator';
import { isObject } from './nova-body';

/** What `uuidutils.is_uuid_like` accepts: 32 hex digits, dashes optional, any case. */
const UUID_LIKE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/**
 * The scheduler hints of `POST /servers` (`os:scheduler_hints`, or else the older
 * `OS-SCH-HNT:scheduler_hints`), as Nova's schema checks them: an object, whose `group`
 * is a uuid. The one simulated host satisfies every other hint, which is taken as given.
 */
export function parseSchedulerHints(body: unknown): { group?: string } {
  if (!isObject(body)) return {};
  const key = ['os:scheduler_hints', 'OS-SCH-HNT:scheduler_hints'].find((k) =>
    Object.hasOwn(body, k),
  );
  // Nova's schema checks both, in this order, before its controller uses the first.
  for (const name of ['os:scheduler_hints', 'OS-SCH-HNT:scheduler_hints']) {
    if (Object.hasOwn(body, name)) checkHints(name, body[name]);
  }
  if (key === undefined) return {};
  const group = (body[key] as Record<string, unknown>).group;
  return group === undefined ? {} : { group: group as string };
}

function checkHints(name: string, hints: unknown): void {
  if (!isObject(hints)) {
    throw invalidInput(name, hints, `${pyRepr(hints)} is not of type 'object'`);
  }
  const group = hints.group;
  if (group === undefined) return;
  if (typeof group !== 'string') {
    throw invalidInput('group', group, `${pyRepr(group)} is not of type 'string'`);
  }
  if (!UUID_LIKE.test(group)) {
    throw invalidInput('group', group, `${pyRepr(group)} is not a 'uuid'`);
  }
}
