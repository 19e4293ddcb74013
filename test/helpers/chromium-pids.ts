import { execFileSync } from 'node:child_process';

interface ProcessInfo {
  pid: number;
  ppid: number;
  args: string;
}

/**
 * PIDs of this test worker's Chromium: the browser (a child of this worker with one of our profiles —
 * other test files run their own browsers at the same time), or the renderers below it.
 */
export function chromiumPids(kind: 'browser' | 'renderer'): number[] {
  const processes: ProcessInfo[] = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [pid, ppid, ...args] = line.trim().split(/\s+/);
      return { pid: Number(pid), ppid: Number(ppid), args: args.join(' ') };
    });
  const browsers = processes.filter(
    (info) => info.ppid === process.pid && info.args.includes('cookie-audit-profile-') && !info.args.includes('--type='),
  );
  if (kind === 'browser') return browsers.map((info) => info.pid);
  const below = new Set(browsers.map((info) => info.pid));
  for (let grew = true; grew; ) {
    grew = false;
    for (const info of processes) if (below.has(info.ppid) && !below.has(info.pid)) grew = Boolean(below.add(info.pid));
  }
  return processes.filter((info) => below.has(info.pid) && info.args.includes('--type=renderer')).map((info) => info.pid);
}
