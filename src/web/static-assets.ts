import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { vendorScriptRoutes } from './vendor-scripts.ts';

/**
 * GET /static/…: the stylesheet, scripts and icon, cached for an hour and compressed (br, else
 * gzip) for a browser that accepts it. Compression is scoped to these files: pages carry CSRF tokens
 * next to reflected input, which compression would expose to a BREACH-style attack.
 */
export async function staticAssetRoutes(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCompress, {
    encodings: ['br', 'gzip'],
    threshold: 1024,
    // Brotli's default quality (11) costs tens of milliseconds per file; 5 keeps most of the gain.
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } },
  });
  await app.register(fastifyStatic, {
    root: fileURLToPath(new URL('./static/', import.meta.url)),
    prefix: '/static/',
    maxAge: '1h',
  });
  await app.register(vendorScriptRoutes);
}
