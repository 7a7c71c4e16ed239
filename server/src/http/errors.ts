import type { FastifyError, FastifyInstance } from 'fastify';

/** An error with the HTTP status and message a client should see. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * One error handler for the whole API: a status code and `{ error }`, never a
 * stack trace. Fastify's own errors (bad JSON, body too large, schema
 * validation) keep their 4xx status and message.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (error instanceof HttpError) return reply.status(status).send({ error: error.message });
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.status(status).send({ error: 'internal server error' });
    }
    const message = 'validation' in error && error.validation ? `invalid request: ${error.message}` : error.message;
    return reply.status(status).send({ error: message });
  });

  app.setNotFoundHandler((request, reply) => {
    return reply.status(404).send({ error: `no route for ${request.method} ${request.url.split('?')[0]}` });
  });
}
