import { readFileSync } from 'node:fs';

/** Resident memory of a process of this machine, in bytes (Linux /proc). */
export function residentBytes(pid: number): number {
  const kib = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kib) * 1024;
}

/** CPU time a process has used so far, user and system, in milliseconds (Linux /proc, 100 ticks/s). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
