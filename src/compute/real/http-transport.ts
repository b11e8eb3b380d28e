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
  | { ok: false; kind: TransportFailureKind; error: CloudUnavailableError };

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
      const what = kind === 'timeout' ? 'did not answer in time' : 'could not be reached';
      return {
        ok: false,
        kind,
        error: new CloudUnavailableError(`The ${req.service} API ${what}.`),
      };
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

function classify(error: unknown, signal: AbortSignal): TransportFailureKind {
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
