import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import { HttpError } from './errors.js';

/**
 * Serves the built client: its files, and index.html for the app's pages
 * (`/`, `/b/<editId>`, `/v/<viewId>`), which the client routes itself.
 */
export async function registerClientRoutes(app: FastifyInstance, clientDir: string): Promise<void> {
  const indexFile = path.join(clientDir, 'index.html');
  if (!fs.existsSync(indexFile)) {
    app.log.warn({ clientDir }, 'client is not built: pages answer 503 (run `npm run build`)');
    const notBuilt = async (): Promise<never> => {
      throw new HttpError(503, 'the client is not built: run `npm run build`');
    };
    app.get('/', notBuilt);
    app.get('/b/:id', notBuilt);
    app.get('/v/:id', notBuilt);
    return;
  }
  await app.register(fastifyStatic, { root: clientDir, prefix: '/', wildcard: false, index: false });
  const page = async (_request: unknown, reply: FastifyReply) => {
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  };
  app.get('/', page);
  app.get('/b/:id', page);
  app.get('/b/:id/*', page);
  app.get('/v/:id', page);
  app.get('/v/:id/*', page);
}
