import type { RE2JS } from 're2js';

/**
 * Nova's `name` list filter: a regular expression searched anywhere in the name. It
 * runs on RE2 (linear time, no backtracking), so no pattern a client sends can stall
 * the event loop; a pattern RE2 cannot compile (a back-reference, say) matches as a
 * plain substring. re2js is loaded on the first filter by name, not at boot (ADR 0020).
 */
export async function nameMatcher(pattern: string): Promise<(name: string) => boolean> {
  const { RE2JS } = await import('re2js');
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern);
  } catch {
    return (name) => name.includes(pattern);
  }
  return (name) => compiled.matcher(name).find();
}
