import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** One line on the machine: CPU model and cores (/proc/cpuinfo), RAM (/proc/meminfo), Node. */
export function describeMachine(): string {
  const read = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return '';
    }
  };
  const model =
    /^model name\s*:\s*(.+)$/m.exec(read('/proc/cpuinfo'))?.[1] ?? cpus()[0]?.model ?? '?';
  const memKb = Number(/^MemTotal:\s+(\d+) kB/m.exec(read('/proc/meminfo'))?.[1] ?? 0);
  const load = read('/proc/loadavg').split(' ').slice(0, 3).join(' ');
  return (
    `Machine: ${model}, ${cpus().length} cores, ${(memKb / 2 ** 20).toFixed(1)} GiB RAM, ` +
    `Node ${process.version}; load average ${load || '?'} at the end of the run`
  );
}
