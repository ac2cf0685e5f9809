/**
 * The page ceiling: a bare Fastify route that sends the app's authenticated page exactly as captured
 * (status, body and every header the app chose), with no session, no lookup and no rendering.
 */
import Fastify from 'fastify';
import { readCapturedPage } from './captured-page.ts';

const page = await readCapturedPage();
const app = Fastify();
app.get('/', (_request, reply) => {
  reply.code(page.status).headers(page.headers).send(page.body);
});
await app.listen({ port: Number(process.env.PORT ?? 8101), host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
