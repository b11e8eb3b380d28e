import type { FastifyReply } from 'fastify';
import type { ErrorWriter } from '../http/fault-guard';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** webob's own explanation of each status, which Glance keeps when it only gives a detail. */
const EXPLANATIONS: Record<number, string> = {
  400:
    'The server could not comply with the request since it is either malformed or otherwise ' +
    'incorrect.',
  403: 'Access was denied to this resource.',
  404: 'The resource could not be found.',
  409: 'There was a conflict when trying to complete your request.',
  413: 'The request is larger than the server is willing or able to process.',
};

/** Python's `html.escape` (quotes included), as webob escapes an HTML error page. */
const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' })[c]!,
  );

/** webob's `strip_tags`, for the plain-text page: newlines become spaces, `<br />` newlines. */
const stripTags = (text: string) =>
  text
    .replace(/\r/g, '')
    .replace(/\n/g, ' ')
    .replace(/<br.*?>/gis, '\n')
    .replace(/<!--.*?-->/gs, '')
    .replace(/<.*?>/gs, '');

/**
 * The part of an error page webob fills in, given how to escape what goes into it
 * (HTML-escaped for the HTML page only).
 */
export type ErrorBody = (escape: (text: string) => string) => string;

/** webob's body: the explanation, then the optional detail. */
export function errorBody(explanation: string, detail = ''): ErrorBody {
  return (escape) => `${escape(explanation)}<br /><br />\n${escape(detail)}\n\n`;
}

const asIs = (text: string) => text;

type PageKind = 'html' | 'json' | 'plain';

/**
 * webob's choice of error page: the first of `text/html` and `application/json` the
 * Accept header takes (by quality, HTML on a tie, so `*\/*` is HTML), else plain text
 * (also when there is no Accept header at all).
 */
export function errorPageKind(accept: string | undefined): PageKind {
  const offers: [PageKind, string][] = [
    ['html', 'text/html'],
    ['json', 'application/json'],
  ];
  let best: { kind: PageKind; q: number } | null = null;
  for (const [kind, type] of offers) {
    const q = acceptQuality(accept ?? '', type);
    if (q > 0 && (best === null || q > best.q)) best = { kind, q };
  }
  return best?.kind ?? 'plain';
}

function acceptQuality(accept: string, type: string): number {
  const [major] = type.split('/');
  let quality = 0;
  let specificity = -1;
  for (const range of accept.split(',')) {
    const [media, ...params] = range.trim().toLowerCase().split(';');
    if (!media) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
    const value = q ? Number(q[1]) : 1;
    const level =
      media === type ? 2 : media === `${major}/*` ? 1 : media === '*/*' ? 0 : Number.NaN;
    if (!Number.isNaN(level) && level > specificity) {
      specificity = level;
      quality = Number.isFinite(value) ? value : 0;
    }
  }
  return quality;
}

/**
 * Writes a Glance error page as webob renders it for the request's Accept header: HTML
 * (`*\/*`, a browser, curl), JSON (`{"message", "code", "title"}`, what Glance's own
 * clients ask for) or plain text. `body` is the filled-in part (see `errorBody`).
 */
export function writeGlanceBody(
  reply: FastifyReply,
  status: number,
  body: ErrorBody,
  headers: Record<string, string> = {},
): FastifyReply {
  const title = TITLES[status] ?? 'Error';
  const statusLine = `${status} ${title}`;
  const kind = errorPageKind(reply.request.headers.accept);
  void reply.code(status).headers(headers);
  if (kind === 'json') {
    const json = JSON.stringify({ message: body(asIs), code: statusLine, title });
    return reply.header('content-type', 'application/json').send(Buffer.from(json));
  }
  if (kind === 'plain') {
    return reply
      .header('content-type', 'text/plain; charset=UTF-8')
      .send(`${statusLine}\n\n${stripTags(body(asIs))}`);
  }
  const html =
    `<html>\n <head>\n  <title>${statusLine}</title>\n </head>\n <body>\n  <h1>${statusLine}</h1>\n` +
    `  ${body(escapeHtml)}\n </body>\n</html>`;
  return reply.header('content-type', 'text/html; charset=UTF-8').send(html);
}

/** Glance's errors are webob's pages (HTML, JSON or text by Accept; samples 16 and 200+). */
export const writeGlanceError: ErrorWriter = (
  reply: FastifyReply,
  status: number,
  message: string,
  headers: Record<string, string> = {},
) => writeGlanceBody(reply, status, errorBody(message), headers);

/**
 * An error a Glance handler answers with. Glance mostly gives its message as the
 * explanation; some errors keep webob's explanation and add the message as a detail
 * (`GlanceError.detailed`), and a few have a page of their own (`GlanceError.page`).
 */
export class GlanceError extends Error {
  readonly body: ErrorBody;

  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
    body?: ErrorBody,
  ) {
    super(message);
    this.body = body ?? errorBody(message);
  }

  /** webob's explanation of the status, then `detail` (e.g. "Attribute 'x' is reserved."). */
  static detailed(status: 403 | 409 | 400 | 404, detail: string): GlanceError {
    return new GlanceError(status, detail, {}, errorBody(EXPLANATIONS[status], detail));
  }

  /** webob's 415 page, naming the media type refused. */
  static unsupportedMediaType(type: string, headers: Record<string, string> = {}): GlanceError {
    return new GlanceError(
      415,
      `The request media type ${type} is not supported by this server.`,
      headers,
      (escape) =>
        `The request media type ${escape(type)} is not supported by this server.\n<br /><br />\n`,
    );
  }

  write(reply: FastifyReply): FastifyReply {
    return writeGlanceBody(reply, this.status, this.body, this.headers);
  }
}
