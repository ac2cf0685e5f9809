import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { sendPage } from '../web/send-page.ts';
import { profilePage, welcomePage } from '../web/views/home-page.ts';
import { signedInUser } from './signed-in.ts';

/** GET /: a welcome when signed out, the person's profile when signed in. */
export async function profileRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/', async (request, reply) => {
    const signedIn = await signedInUser(ctx, request, reply);
    if (!signedIn) return sendPage(reply, 200, welcomePage());
    const { user, session } = signedIn;
    const csrfToken = ctx.csrf.tokenFor(request, reply, session);
    return sendPage(
      reply,
      200,
      profilePage({ signedInAs: user.email ?? '', csrfToken }, { ...user, id: user.id ?? '', email: user.email ?? '' }),
    );
  });
}
