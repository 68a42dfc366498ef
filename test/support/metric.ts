/** The value of a metric on a service's /metrics (the first series, 0 when absent). */
export async function readMetric(serviceUrl: string, name: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', serviceUrl))).text();
  const line = text
    .split('\n')
    .find((candidate) => candidate.startsWith(`${name}{`) || candidate.startsWith(`${name} `));
  return line ? Number(line.split(' ').at(-1)) : 0;
}
