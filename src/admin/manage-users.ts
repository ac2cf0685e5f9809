import type { User } from '@fusionauth/typescript-client';
import { Type, type Static } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { checkApplicationAccess } from '../fusionauth/application-access.ts';
import { FormText, formBody, queryOf } from '../web/form-input.ts';
import { sendPage } from '../web/send-page.ts';
import { adminSearchPage, type AdminUserRow } from './search-page.ts';
import { adminUserPage } from './user-page.ts';
import { confirmPage, type Confirmation } from '../web/confirm-page.ts';
import { messagePage } from '../web/message-page.ts';
import { signedInAdminOf, type SignedInAdmin } from './require-admin.ts';
import {
  deactivateForApplication,
  deletePermanently,
  reactivate,
  signOutEverywhere,
  type AdminAction,
} from './user-actions.ts';
import { deviceLabel } from '../web/device-label.ts';

const UserParams = Type.Object({ userId: Type.String() });
const AdminQuery = queryOf({ q: FormText, notice: FormText });
const ConfirmBody = formBody({ confirm: FormText });

type UserRoute = FastifyRequest<{
  Params: Static<typeof UserParams>;
  Querystring: Static<typeof AdminQuery>;
  Body: Static<typeof ConfirmBody>;
}>;
/** The schemas of a route about one user: validated by Fastify, the types above come from them. */
const userRoute = { schema: { params: UserParams, querystring: AdminQuery, body: ConfirmBody } };
const userPage = { schema: { params: UserParams, querystring: AdminQuery } };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const NOTICES: Record<string, string> = {
  'sign-out-everywhere': 'The user was signed out everywhere.',
  deactivate: 'The user was deactivated for this app and signed out everywhere.',
  reactivate: 'The user was reactivated.',
  deleted: 'The user was deleted.',
};

/** /admin: find users of this application and sign them out, deactivate, reactivate or delete them. */
export async function manageUsersRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get<{ Querystring: Static<typeof AdminQuery> }>(
    '/admin',
    { schema: { querystring: AdminQuery } },
    async (request, reply) => {
      const admin = signedInAdminOf(ctx, request, reply);
      const query = (request.query.q ?? '').trim().slice(0, 200);
      const found = await ctx.fusionAuth.users.searchUsers(query);
      const rows = found.users
        .filter((user): user is User & { id: string } => Boolean(user.id))
        .map((user) => rowOf(ctx, user));
      return sendPage(
        reply,
        200,
        adminSearchPage(frameOf(admin), {
          query,
          rows,
          total: found.total,
          notice: NOTICES[request.query.notice?.trim() ?? ''],
        }),
      );
    },
  );

  app.get('/admin/users/:userId', userPage, async (request: UserRoute, reply) => {
    const found = await adminAndUser(ctx, request, reply);
    if (!found) return reply;
    const { admin, user } = found;
    const sessions = (await ctx.sessions.listUserSessions(user.id))
      .map(({ session }) => ({
        device: deviceLabel(session.userAgent),
        ip: session.ip ?? 'unknown',
        createdAt: session.createdAt,
        lastSeenAt: session.lastSeenAt,
      }))
      .sort((a, b) => b.lastSeenAt - a.lastSeenAt);
    const row = rowOf(ctx, user);
    const view = {
      ...row,
      sessions,
      barred: row.status !== 'active',
      self: user.id === admin.admin.id,
      now: ctx.now(),
    };
    return sendPage(reply, 200, adminUserPage(frameOf(admin), view, NOTICES[request.query.notice?.trim() ?? '']));
  });

  /** The step before deactivating or deleting: a page of its own whose form alone carries the user's id back. */
  const confirmation =
    (
      action: 'deactivate' | 'delete',
      words: (email: string) => Omit<Confirmation, 'action' | 'confirm' | 'cancelHref'>,
    ) =>
    async (request: UserRoute, reply: FastifyReply) => {
      const found = await adminAndUser(ctx, request, reply);
      if (!found) return reply;
      if (found.user.id === found.admin.admin.id) return notOnYourOwnAccount(reply, found.admin, found.user.id);
      const base = `/admin/users/${found.user.id}`;
      return sendPage(
        reply,
        200,
        confirmPage(frameOf(found.admin), {
          ...words(found.user.email ?? found.user.id),
          action: `${base}/${action}`,
          confirm: found.user.id,
          cancelHref: base,
        }),
      );
    };
  app.get(
    '/admin/users/:userId/deactivate',
    userPage,
    confirmation('deactivate', (email) => ({
      title: `Deactivate ${email} for this app?`,
      text: 'They are signed out of this app everywhere at once and cannot sign in to it, not even through single sign-on, until an administrator reactivates them. The account itself is kept, and their other Acme apps keep working.',
      button: 'Deactivate for this app',
    })),
  );
  app.get(
    '/admin/users/:userId/delete',
    userPage,
    confirmation('delete', (email) => ({
      title: `Delete ${email}?`,
      text: 'This deletes the account from FusionAuth for good, for every application, and signs it out everywhere. It cannot be undone. To bar the person from this app only, deactivate them instead.',
      button: 'Delete permanently',
    })),
  );

  const act =
    (action: AdminAction, run: (user: User & { id: string }) => Promise<boolean>) =>
    async (request: UserRoute, reply: FastifyReply) => {
      const found = await adminAndUser(ctx, request, reply);
      if (!found) return reply;
      const { admin, user } = found;
      if ((action === 'deactivate' || action === 'delete') && user.id === admin.admin.id)
        return notOnYourOwnAccount(reply, admin, user.id);
      const done = await run(user);
      request.log.info({ adminId: admin.admin.id, userId: user.id, action, done }, 'admin action');
      if (!done) return notFound(reply, admin);
      return reply.redirect(
        action === 'delete' ? '/admin?notice=deleted' : `/admin/users/${user.id}?notice=${action}`,
        303,
      );
    };
  app.post(
    '/admin/users/:userId/sign-out-everywhere',
    userRoute,
    act('sign-out-everywhere', async (user) => {
      await signOutEverywhere(ctx, user.id);
      return true;
    }),
  );
  app.post(
    '/admin/users/:userId/reactivate',
    userRoute,
    act('reactivate', (user) => reactivate(ctx, user)),
  );
  /** Without the confirmation page's `confirm`, the post goes to that page instead of acting. */
  const confirmed =
    (action: 'deactivate' | 'delete', handler: (request: UserRoute, reply: FastifyReply) => Promise<FastifyReply>) =>
    (request: UserRoute, reply: FastifyReply) => {
      if (request.body.confirm !== request.params.userId)
        return reply.redirect(`/admin/users/${request.params.userId}/${action}`, 303);
      return handler(request, reply);
    };
  app.post(
    '/admin/users/:userId/deactivate',
    userRoute,
    confirmed(
      'deactivate',
      act('deactivate', (user) => deactivateForApplication(ctx, user.id)),
    ),
  );
  app.post(
    '/admin/users/:userId/delete',
    userRoute,
    confirmed(
      'delete',
      act('delete', (user) => deletePermanently(ctx, user.id)),
    ),
  );
}

/** The admin and the user of this application named in the path, or null once answered. */
async function adminAndUser(
  ctx: AppContext,
  request: UserRoute,
  reply: FastifyReply,
): Promise<{ admin: SignedInAdmin; user: User & { id: string } } | null> {
  const admin = signedInAdminOf(ctx, request, reply);
  const userId = request.params.userId;
  const user = UUID.test(userId) ? await ctx.fusionAuth.users.retrieveUser(userId) : null;
  const registered = user?.registrations?.some(
    (registration) => registration.applicationId === ctx.fusionAuth.applicationId,
  );
  if (!user?.id || !registered) {
    notFound(reply, admin);
    return null;
  }
  return { admin, user: { ...user, id: user.id } };
}

function notOnYourOwnAccount(reply: FastifyReply, admin: SignedInAdmin, userId: string): FastifyReply {
  return sendPage(
    reply,
    409,
    messagePage(frameOf(admin), {
      title: 'Not on your own account',
      text: 'Ask another administrator to do this.',
      action: { href: `/admin/users/${userId}`, label: 'Back' },
    }),
  );
}

function notFound(reply: FastifyReply, admin: SignedInAdmin): FastifyReply {
  return sendPage(
    reply,
    404,
    messagePage(frameOf(admin), {
      title: 'No such user',
      text: 'There is no user of this application with that id.',
      action: { href: '/admin', label: 'Back to administration' },
    }),
  );
}

function rowOf(ctx: AppContext, user: User & { id: string }): AdminUserRow {
  const roles =
    user.registrations?.find((registration) => registration.applicationId === ctx.fusionAuth.applicationId)?.roles ??
    [];
  const access = checkApplicationAccess(user, ctx.fusionAuth.applicationId);
  const status = access.allowed
    ? 'active'
    : access.reason === 'inactive'
      ? 'deactivated in FusionAuth'
      : access.reason === 'deactivated'
        ? 'deactivated for this app'
        : 'not registered';
  return {
    id: user.id,
    email: user.email ?? user.username ?? user.id,
    name: [user.firstName, user.lastName].filter(Boolean).join(' '),
    status,
    roles,
  };
}

function frameOf(admin: SignedInAdmin) {
  return { signedInAs: admin.admin.email ?? '', csrfToken: admin.csrfToken };
}
