/**
 * Python's `repr()` and `str()` of JSON values, as Nova's error messages print them
 * ("Invalid input for field/attribute meta. Value: {'e': '5'}. {'e': '5'} has too many
 * properties"): strings in single quotes, `None`, `True`, lists and dicts.
 */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return stringRepr(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([k, v]) => `${stringRepr(k)}: ${pyRepr(v)}`).join(', ')}}`;
  }
  return typeof value === 'bigint' ? value.toString() : '';
}

/** Python's `str()`: a string as it is, anything else as `repr()`. */
export function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value);
}

function stringRepr(text: string): string {
  // Python picks double quotes only for a string with a single quote and no double one.
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = '';
  for (const char of text) {
    if (char === '\\' || char === quote) out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f) {
      out += `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
    } else out += char;
  }
  return quote + out + quote;
}
