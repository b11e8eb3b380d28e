import { Readable } from 'node:stream';
import { Agent, request } from 'undici';
import { CloudUnavailableError } from '../cloud-errors';
import type {
  HttpRequest,
  HttpResponse,
  OpenStackHttpObserver,
  TransportFailureKind,
} from './http-exchange';

/** Errors raised before a single byte of the request could have left. */
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export interface HttpTransportOptions {
  timeoutMs: number;
  tls: { ca?: string; insecure: boolean };
  /** Open connections per origin (each API host gets its own keep-alive pool). */
  connectionsPerOrigin?: number;
}

export type TransportResult =
  | { ok: true; response: HttpResponse }
  | { ok: false; kind: Exclude<TransportFailureKind, 'source'>; error: CloudUnavailableError }
  /** A streamed body failed on the caller's side: `error` is its own error. */
  | { ok: false; kind: 'source'; error: unknown };

/**
 * One HTTP exchange over a keep-alive connection pool (an undici `Agent`, one pool per
 * origin, so the TLS handshake and Nova's per-connection costs are paid once). Every
 * attempt has its own deadline (`AbortSignal.timeout`) covering connect, headers and
 * body. Failures come back as values so the caller can tell "never sent" from
 * "maybe processed". Errors name the service, never the URL.
 */
export class HttpTransport {
  private readonly agent: Agent;

  constructor(
    private readonly options: HttpTransportOptions,
    private readonly observer: OpenStackHttpObserver,
  ) {
    this.agent = new Agent({
      connections: options.connectionsPerOrigin ?? 32,
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 600_000,
      connect: { ca: options.tls.ca, rejectUnauthorized: !options.tls.insecure },
    });
  }

  async send(req: HttpRequest): Promise<TransportResult> {
    if (req.stream) return this.sendStream(req, req.stream);
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    try {
      const res = await request(req.url, {
        method: req.method,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        dispatcher: this.agent,
        signal,
      });
      const text = await res.body.text();
      this.observe(req, res.statusCode, seconds());
      return { ok: true, response: toResponse(res.statusCode, res.headers, text) };
    } catch (error) {
      const kind = classify(error, signal);
      this.observe(req, kind, seconds());
      return { ok: false, kind, error: unavailable(req, kind) };
    }
  }

  /**
   * A streamed upload: however long it takes, it fails when nothing moves for the
   * timeout (no piece of the body to send, or no answer once it is all sent). A body
   * that fails on the caller's side ends the request, and its error comes back as it is.
   */
  private async sendStream(
    req: HttpRequest,
    stream: AsyncIterable<Uint8Array>,
  ): Promise<TransportResult> {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    const idle = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => idle.abort(), this.options.timeoutMs);
    };
    let failed: { error: unknown } | null = null;
    async function* watched(): AsyncGenerator<Uint8Array> {
      try {
        for await (const piece of stream) {
          arm();
          yield piece;
        }
      } catch (error) {
        failed = { error };
        throw error;
      }
      arm();
    }
    arm();
    try {
      const res = await request(req.url, {
        method: req.method,
        headers: {
          accept: 'application/json',
          ...req.headers,
          'content-type': 'application/octet-stream',
        },
        body: Readable.from(watched(), { objectMode: false }),
        dispatcher: this.agent,
        signal: idle.signal,
      });
      const text = await res.body.text();
      this.observe(req, res.statusCode, seconds());
      return { ok: true, response: toResponse(res.statusCode, res.headers, text) };
    } catch (error) {
      const source = failed as { error: unknown } | null;
      if (source) {
        this.observe(req, 'source', seconds());
        return { ok: false, kind: 'source', error: source.error };
      }
      const kind = classify(error, idle.signal);
      this.observe(req, kind, seconds());
      return { ok: false, kind, error: unavailable(req, kind) };
    } finally {
      clearTimeout(timer);
    }
  }

  private observe(req: HttpRequest, outcome: number | TransportFailureKind, seconds: number) {
    const { service, method, url } = req;
    this.observer.onExchange({ service, method, url, outcome, seconds });
  }

  /** Closes pooled connections (at shutdown). */
  async close(): Promise<void> {
    await this.agent.close();
  }
}

function unavailable(req: HttpRequest, kind: TransportFailureKind): CloudUnavailableError {
  const what = kind === 'timeout' ? 'did not answer in time' : 'could not be reached';
  return new CloudUnavailableError(`The ${req.service} API ${what}.`);
}

function classify(error: unknown, signal: AbortSignal): Exclude<TransportFailureKind, 'source'> {
  if (signal.aborted) return 'timeout';
  const codes = [error, (error as { cause?: unknown } | null)?.cause].map(
    (e) => (e as { code?: unknown } | null)?.code,
  );
  return codes.some((code) => typeof code === 'string' && CONNECT_CODES.has(code))
    ? 'connect'
    : 'io';
}

function toResponse(
  status: number,
  headers: Record<string, string | string[] | undefined>,
  text: string,
): HttpResponse {
  let parsed: unknown;
  let parsedOnce = false;
  return {
    status,
    text,
    header: (name) => {
      const value = headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(', ') : value;
    },
    json: () => {
      if (!parsedOnce) {
        parsedOnce = true;
        try {
          parsed = text.trim() === '' ? null : JSON.parse(text);
        } catch {
          parsed = null;
        }
      }
      return parsed;
    },
  };
}
