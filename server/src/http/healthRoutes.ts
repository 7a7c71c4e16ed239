import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../metrics.js';

export function registerHealthRoutes(app: FastifyInstance, metrics: Metrics): void {
  app.get('/healthz', async () => ({ ok: true }));
  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
