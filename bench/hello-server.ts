/** The baseline: a bare Fastify hello-world route on the same machine, in its own process. */
import Fastify from 'fastify';

const app = Fastify();
app.get('/', async () => 'hello world');
await app.listen({ port: Number(process.env.PORT ?? 8100), host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
