import type { FastifyReply } from 'fastify';
import type { ErrorWriter } from '../http/fault-guard';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Python's `html.escape`, which webob's error pages use: `'` is `&#x27;`, `"` is `&quot;`. */
const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
};
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

/** Glance's errors are webob's HTML pages, not JSON (sample 16). */
export const writeGlanceError: ErrorWriter = (
  reply: FastifyReply,
  status: number,
  message: string,
  headers: Record<string, string> = {},
) => {
  const title = `${status} ${TITLES[status] ?? 'Error'}`;
  const html =
    `<html>\n <head>\n  <title>${title}</title>\n </head>\n <body>\n  <h1>${title}</h1>\n` +
    `  ${escapeHtml(message)}<br /><br />\n\n\n\n </body>\n</html>`;
  return reply
    .code(status)
    .headers(headers)
    .header('content-type', 'text/html; charset=UTF-8')
    .send(html);
};

/** An error a Glance handler answers with. */
export class GlanceError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
