import { pyRepr } from '../../simulator';

/**
 * Python's `repr()` of a JSON value as `pprint` writes it on one line: dict keys sorted
 * (pprint's default), otherwise `repr()`.
 */
export function sortedRepr(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedRepr).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = sortedEntries(value as Record<string, unknown>);
    return `{${entries.map(([k, v]) => `${pyRepr(k)}: ${sortedRepr(v)}`).join(', ')}}`;
  }
  return pyRepr(value);
}

const sortedEntries = (value: Record<string, unknown>) =>
  Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * Python's `pprint.pformat(value, width)` for JSON values, which jsonschema prints in
 * its error messages (and Glance passes on): what fits stays on one line; dicts and
 * lists break one item a line, indented to their bracket; a long top-level string
 * breaks between words into parenthesised pieces.
 */
export function pformat(value: unknown, width = 80): string {
  const out: string[] = [];
  format(value, 0, 0, 0);
  return out.join('');

  function format(item: unknown, indent: number, allowance: number, level: number): void {
    const rep = sortedRepr(item);
    if (rep.length <= width - indent - allowance) {
      out.push(rep);
      return;
    }
    if (Array.isArray(item)) {
      out.push('[');
      items(item, indent, allowance + 1, level + 1);
      out.push(']');
    } else if (item !== null && typeof item === 'object') {
      out.push('{');
      dictItems(sortedEntries(item as Record<string, unknown>), indent, allowance + 1, level + 1);
      out.push('}');
    } else if (typeof item === 'string') {
      longString(item, indent, allowance, level + 1);
    } else {
      out.push(rep);
    }
  }

  function dictItems(
    entries: [string, unknown][],
    indent: number,
    allowance: number,
    level: number,
  ): void {
    const inner = indent + 1;
    entries.forEach(([key, value], i) => {
      const last = i === entries.length - 1;
      const rep = pyRepr(key);
      out.push(rep, ': ');
      format(value, inner + rep.length + 2, last ? allowance : 1, level);
      if (!last) out.push(`,\n${' '.repeat(inner)}`);
    });
  }

  function items(list: unknown[], indent: number, allowance: number, level: number): void {
    const inner = indent + 1;
    list.forEach((value, i) => {
      const last = i === list.length - 1;
      if (i > 0) out.push(`,\n${' '.repeat(inner)}`);
      format(value, inner, last ? allowance : 1, level);
    });
  }

  function longString(text: string, indent: number, allowance: number, level: number): void {
    if (level === 1) {
      indent += 1;
      allowance += 1;
    }
    const maxWidth = width - indent;
    const lines = text.split(/(?<=\n)/);
    const chunks: string[] = [];
    lines.forEach((line, i) => {
      const lastLine = i === lines.length - 1;
      const rep = pyRepr(line);
      if (rep.length <= maxWidth - (lastLine ? allowance : 0)) {
        chunks.push(rep);
        return;
      }
      const parts = line.match(/\S*\s*/g)!.filter((part) => part !== '');
      let current = '';
      parts.forEach((part, j) => {
        const candidate = current + part;
        const room = maxWidth - (lastLine && j === parts.length - 1 ? allowance : 0);
        if (pyRepr(candidate).length > room) {
          if (current) chunks.push(pyRepr(current));
          current = part;
        } else {
          current = candidate;
        }
      });
      if (current) chunks.push(pyRepr(current));
    });
    if (chunks.length === 1) {
      out.push(chunks[0]);
      return;
    }
    if (level === 1) out.push('(');
    out.push(chunks.join(`\n${' '.repeat(indent)}`));
    if (level === 1) out.push(')');
  }
}
