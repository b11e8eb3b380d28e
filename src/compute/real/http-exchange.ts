/** The OpenStack services the client talks to; also the metrics label. */
export type OpenStackService = 'identity' | 'compute' | 'image' | 'network';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';

/** One HTTP request to an OpenStack API. */
export interface HttpRequest {
  readonly service: OpenStackService;
  readonly method: HttpMethod;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as JSON when present. */
  readonly body?: unknown;
  /**
   * Sent as `application/octet-stream` when present, streamed as it comes (an image's
   * data). Such a request is sent once: never retried, also not after a 401.
   */
  readonly stream?: AsyncIterable<Uint8Array>;
  /**
   * Safe to send again after an ambiguous failure (GET, HEAD, a token request). A
   * request that is not idempotent is retried only when it provably never left this
   * process (connection refused) — never after a timeout, a reset or a 5xx.
   */
  readonly idempotent: boolean;
}

/** A response, read whole. */
export interface HttpResponse {
  readonly status: number;
  /** Header values by lower-case name. */
  header(name: string): string | undefined;
  readonly text: string;
  /** The body parsed as JSON; null when empty or not JSON. */
  json(): unknown;
}

/**
 * Why no response came back. `connect`: the request was never sent; `source`: the
 * streamed body failed on the caller's side (its error is passed on as it is).
 */
export type TransportFailureKind = 'connect' | 'timeout' | 'io' | 'source';

/** Sees every HTTP exchange of the client (counts and latency by service). */
export interface OpenStackHttpObserver {
  onExchange(exchange: {
    service: OpenStackService;
    method: HttpMethod;
    /** The request URL, query included (credentials go in headers and bodies, never here). */
    url: string;
    /** HTTP status, or the failure kind when there was no response. */
    outcome: number | TransportFailureKind;
    seconds: number;
  }): void;
}
