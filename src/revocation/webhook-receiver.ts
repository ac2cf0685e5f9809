import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { parseWebhookEvent } from './webhook-event.ts';
import { handleWebhookEvent } from './webhook-handlers.ts';
import { isSignedBody, SIGNATURE_HEADER } from './webhook-signature.ts';

/** Events older than this are refused, so a captured delivery cannot be replayed once its id is forgotten. */
const REPLAY_WINDOW_MS = 60 * 60 * 1000;

/**
 * How far ahead of this app's clock FusionAuth's may run. Events dated later are refused: otherwise a
 * signed event from the future would outlive the replay window, and its `createInstant`, used as the
 * revocation instant, would also end sessions started after it arrived.
 */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** FusionAuth sends the full user; 1 MiB leaves room for large `data` blocks. */
const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/**
 * POST /webhooks/fusionauth: FusionAuth's signed events (https://fusionauth.io/docs/extend/events-and-webhooks/). The signature
 * is checked on the raw body before anything is parsed; unsigned or forged deliveries get 401, a
 * signed body that is not an event 400, and a duplicate (FusionAuth retries, or a replay) a 200 that
 * changes nothing. Not a browser form, so CSRF does not apply; the signature authenticates it.
 * Without FUSIONAUTH_WEBHOOK_SECRET the route does not exist.
 */
export async function webhookReceiverRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const secret = ctx.config.fusionAuth.webhookSecret;
  if (!secret) {
    ctx.log.warn(
      'FUSIONAUTH_WEBHOOK_SECRET is not set: no webhook receiver; revocation waits for the user recheck or the next token refresh',
    );
    return;
  }
  const key = new TextEncoder().encode(secret);
  const handlerContext = { ...ctx, applicationId: ctx.fusionAuth.applicationId };

  // Scoped to this plugin: keep the JSON body as the exact bytes FusionAuth signed.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.post('/webhooks/fusionauth', { bodyLimit: WEBHOOK_BODY_LIMIT }, async (request, reply) => {
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const signature = request.headers[SIGNATURE_HEADER];
    if (!(await isSignedBody(rawBody, typeof signature === 'string' ? signature : undefined, key))) {
      request.log.warn({ signed: signature !== undefined }, 'webhook refused: missing or invalid signature');
      ctx.metrics.webhookEvents.inc({ type: 'unknown', outcome: 'bad-signature' });
      return reply.code(401).send();
    }
    const event = parseWebhookEvent(rawBody);
    if (!event) {
      request.log.warn('webhook refused: signed, but not a FusionAuth event');
      ctx.metrics.webhookEvents.inc({ type: 'unknown', outcome: 'not-an-event' });
      return reply.code(400).send();
    }
    const log = { eventId: event.id, type: event.type };
    const count = (outcome: string) => ctx.metrics.webhookEvents.inc({ type: event.type, outcome });
    if (event.createInstant < ctx.now() - REPLAY_WINDOW_MS) {
      request.log.warn(log, 'webhook ignored: older than the replay window');
      count('too-old');
      return reply.code(200).send();
    }
    if (event.createInstant > ctx.now() + CLOCK_SKEW_MS) {
      request.log.warn(
        log,
        "webhook ignored: dated more than 5 minutes ahead (check that FusionAuth's clock and this server's agree)",
      );
      return reply.code(200).send();
    }
    // The claim lives in the session store, so with Redis a delivery is handled once across every
    // instance and restart; it is held for the replay window, after which the event is refused anyway.
    const release = await ctx.webhookClaims.claim(event.id, REPLAY_WINDOW_MS);
    if (!release) {
      request.log.info(log, 'webhook ignored: already handled');
      count('duplicate');
      return reply.code(200).send();
    }
    try {
      const outcome = await handleWebhookEvent(handlerContext, event);
      request.log.info({ ...log, outcome }, 'webhook handled');
      count(outcome);
      ctx.metrics.webhookDelay.observe({ type: event.type }, Math.max(0, ctx.now() - event.createInstant) / 1000);
      if (outcome !== 'malformed') return reply.code(200).send();
      await release();
      return reply.code(400).send();
    } catch (error) {
      // FusionAuth retries a failed delivery; let the retry do the work.
      count('failed');
      await release();
      throw error;
    }
  });
}
