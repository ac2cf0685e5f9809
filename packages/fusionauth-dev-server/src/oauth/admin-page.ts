/**
 * `GET /admin`: FusionAuth's admin UI starts at its login page, so a person (or a test) who opens it
 * sees `Login | FusionAuth` with the usual form. The dev server has no admin UI: a POST only says so.
 */
import type { FastifyInstance } from 'fastify';
import { sendHostedPage } from './hosted-page.ts';
import { loginPage } from './login-page.ts';

const NO_ADMIN_UI =
  'The FusionAuth dev server has no administrative user interface: use its API (or the kickstart) instead.';

/** Registers GET and POST /admin (and /admin/). */
export function registerAdminPage(app: FastifyInstance): void {
  for (const path of ['/admin', '/admin/']) {
    app.get(path, async (_request, reply) => sendHostedPage(reply, loginPage({ action: '/admin' })));
    app.post(path, async (_request, reply) =>
      sendHostedPage(reply, loginPage({ action: '/admin', error: NO_ADMIN_UI })),
    );
  }
}
