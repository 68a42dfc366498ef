import type { Fetcher } from './guarded-fetcher.ts';

type FetcherResponse = Awaited<ReturnType<Fetcher>>;

/** A subgraph's answer with its body already read: what the gateway's data sources take from a fetch. */
export class BufferedResponse implements FetcherResponse {
  readonly bodyUsed = false;
  readonly redirected = false;
  readonly headers: Headers;

  constructor(
    private readonly body: string,
    readonly status: number,
    readonly statusText: string,
    headers: Iterable<[string, string]> | Record<string, string>,
    readonly url = '',
  ) {
    this.headers = new Headers(headers as ConstructorParameters<typeof Headers>[0]);
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  async text(): Promise<string> {
    return this.body;
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.body);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = Buffer.from(this.body);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  clone(): BufferedResponse {
    return new BufferedResponse(this.body, this.status, this.statusText, this.headers, this.url);
  }
}
