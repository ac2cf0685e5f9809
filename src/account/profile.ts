import type { User } from '@fusionauth/typescript-client';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { sendPage } from '../web/send-page.ts';
import { TokenSlotPage } from '../web/token-slot-page.ts';
import { profilePage, welcomePage } from './profile-page.ts';
import { ADMIN_ROLE } from '../admin/require-admin.ts';
import { signedOutElsewhereNotice } from '../revocation/signed-out-elsewhere.ts';
import { FormText, queryOf } from '../web/form-input.ts';

/**
 * The profile page rendered for each user record. A record is replaced, never changed, when
 * FusionAuth is asked again (and everything on the page comes from it), so a page rendered for a
 * record stays true for as long as the record is in use, and goes with it.
 */
const renderedProfiles = new WeakMap<User, TokenSlotPage>();

/** GET /: a welcome when signed out, the person's profile when signed in. */
export async function profileRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get<{ Querystring: { 'signed-out'?: string; devices?: string } }>(
    '/',
    { schema: { querystring: queryOf({ 'signed-out': FormText, devices: FormText }) } },
    async (request, reply) => {
      if (!request.user) {
        const notice = (await signedOutElsewhereNotice(ctx, request)) ?? signedOutNotice(request.query);
        return sendPage(reply, 200, welcomePage(notice));
      }
      const user = lacksProfileDetails(request.user) ? await withProfileDetails(ctx, request.user) : request.user;
      const csrfToken = ctx.csrf.tokenFor(request, reply, request.appSession);
      return sendPage(reply, 200, renderedProfile(ctx, user).withToken(csrfToken));
    },
  );
}

/** What the welcome page confirms after the person signed out here (`signed-out=1`) or everywhere, on how many devices. */
function signedOutNotice(query: { 'signed-out'?: string; devices?: string }): string | undefined {
  if (query['signed-out'] === '1') return 'You are signed out.';
  if (query['signed-out'] !== 'everywhere') return undefined;
  const devices = Number(query.devices);
  return Number.isInteger(devices) && devices > 1 && devices < 1000
    ? `You are signed out everywhere: ${devices} devices.`
    : 'You are signed out everywhere.';
}

function renderedProfile(ctx: AppContext, user: User): TokenSlotPage {
  let page = renderedProfiles.get(user);
  if (!page) {
    page = new TokenSlotPage((csrfToken) =>
      profilePage({ signedInAs: user.email ?? '', csrfToken }, user, { isAdmin: isAdmin(ctx, user) }),
    );
    renderedProfiles.set(user, page);
  }
  return page;
}

/** Whether to offer the admin page; /admin itself checks the role with FusionAuth again. */
function isAdmin(ctx: AppContext, user: User): boolean {
  const registration = user.registrations?.find(
    (candidate) => candidate.applicationId === ctx.fusionAuth.applicationId,
  );
  return registration?.roles?.includes(ADMIN_ROLE) ?? false;
}

/** A user built from an access token's claims (tokens mode): an id and an email, no names or dates. */
function lacksProfileDetails(user: User): user is User & { id: string } {
  return user.insertInstant === undefined && user.id !== undefined;
}

/**
 * Tokens mode knows the person from the access token alone. The profile page fetches the full
 * record once (then cached) to show the rest; FusionAuth being down only hides it.
 */
async function withProfileDetails(ctx: AppContext, user: User & { id: string }): Promise<User> {
  try {
    const full = await ctx.users.load(user.id);
    if (!full) return user;
    ctx.users.remember(full, ctx.now());
    return full;
  } catch {
    return user;
  }
}
