/**
 * Builds the Fastify instance: cookies, FusionAuth-tolerant body parsing, the CORS filter, one route family per
 * file under api/, the unsupported-endpoint 404, and FusionAuth-shaped errors. Routes only; no listen.
 */
import cookie from '@fastify/cookie';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { registerApplicationRoutes } from './api/applications.ts';
import { registerChangePasswordRoutes } from './api/change-password.ts';
import { registerDevResetRoute } from './api/dev-reset.ts';
import { registerEmailTemplateRoutes } from './api/email-templates.ts';
import { registerEntityRoutes } from './api/entities.ts';
import { registerEntityTypeRoutes } from './api/entity-types.ts';
import { registerForgotPasswordRoutes } from './api/forgot-password.ts';
import { registerTwoFactorRoutes } from './api/two-factor.ts';
import { registerVerifyEmailRoutes } from './api/verify-email.ts';
import { registerVerifyRegistrationRoutes } from './api/verify-registration.ts';
import { registerJwksRoutes } from './api/jwks.ts';
import { registerJwtRoutes } from './api/jwt.ts';
import { registerKeyRoutes } from './api/keys.ts';
import { registerLoginRoutes } from './api/login.ts';
import { registerLogoutRoutes } from './api/logout.ts';
import { registerRefreshTokenRoutes } from './api/refresh-tokens.ts';
import { registerRegistrationRoutes } from './api/registrations.ts';
import { registerStatusRoutes } from './api/status.ts';
import { registerSystemConfigurationRoutes } from './api/system-configuration.ts';
import { registerTenantRoutes } from './api/tenants.ts';
import { registerThemeRoutes } from './api/themes.ts';
import { registerUnsupportedHandler } from './api/unsupported.ts';
import { registerUserSearchRoutes } from './api/user-search.ts';
import { registerUserRoutes } from './api/users.ts';
import { registerWebhookRoutes } from './api/webhooks.ts';
import { registerWebAuthnCredentialRoutes } from './api/webauthn-credentials.ts';
import { registerWebAuthnRoutes } from './api/webauthn.ts';
import { registerHostedBackendRoutes } from './hosted-backend/routes.ts';
import { registerMailboxRoutes } from './mailbox/routes.ts';
import { registerAdminPage } from './oauth/admin-page.ts';
import { registerAuthorizeRoutes } from './oauth/authorize.ts';
import { registerDiscoveryRoutes } from './oauth/discovery.ts';
import { registerHostedPageAssets } from './oauth/hosted-page.ts';
import { registerIntrospectRoutes } from './oauth/introspect.ts';
import { registerOAuthLogoutRoutes } from './oauth/logout.ts';
import { registerPasswordRoutes } from './oauth/password-routes.ts';
import { registerRegisterRoutes } from './oauth/register.ts';
import { registerTokenRoutes } from './oauth/token.ts';
import { registerUserInfoRoutes } from './oauth/userinfo.ts';
import type { DevServerContext } from './context.ts';
import { registerBodyParsers } from './http/body.ts';
import { registerCors } from './http/cors.ts';
import { FusionAuthValidationError, sendErrors } from './http/errors.ts';

export interface AppOptions {
  logger: boolean;
  isReady: () => boolean;
  /** Puts the state back as it was when the server became ready (POST /dev/reset). */
  resetState: () => Promise<void>;
}

/** Creates the dev server's HTTP application around a context. */
export async function buildDevServerApp(context: DevServerContext, options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger });
  await app.register(cookie);
  registerBodyParsers(app);
  registerCors(app, context);
  registerStatusRoutes(app, options.isReady);
  registerJwksRoutes(app, context);
  registerLoginRoutes(app, context);
  registerLogoutRoutes(app, context);
  registerUserRoutes(app, context);
  registerUserSearchRoutes(app, context);
  registerRegistrationRoutes(app, context);
  registerRefreshTokenRoutes(app, context);
  registerJwtRoutes(app, context);
  registerApplicationRoutes(app, context);
  registerTenantRoutes(app, context);
  registerThemeRoutes(app, context);
  registerKeyRoutes(app, context);
  registerWebhookRoutes(app, context);
  registerChangePasswordRoutes(app, context);
  registerForgotPasswordRoutes(app, context);
  registerVerifyEmailRoutes(app, context);
  registerVerifyRegistrationRoutes(app, context);
  registerTwoFactorRoutes(app, context);
  registerWebAuthnRoutes(app, context);
  registerWebAuthnCredentialRoutes(app, context);
  registerEmailTemplateRoutes(app, context);
  registerSystemConfigurationRoutes(app, context);
  registerEntityTypeRoutes(app, context);
  registerEntityRoutes(app, context);
  registerMailboxRoutes(app, context);
  registerDevResetRoute(app, context, options.resetState);
  registerDiscoveryRoutes(app, context);
  registerHostedPageAssets(app);
  registerAuthorizeRoutes(app, context);
  registerRegisterRoutes(app, context);
  registerPasswordRoutes(app, context);
  registerAdminPage(app);
  registerTokenRoutes(app, context);
  registerOAuthLogoutRoutes(app, context);
  registerUserInfoRoutes(app, context);
  registerIntrospectRoutes(app, context);
  registerHostedBackendRoutes(app, context);
  registerUnsupportedHandler(app);
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error instanceof FusionAuthValidationError) return sendErrors(reply, error.errors);
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error(error);
    const code = status >= 500 ? '[Exception]' : `[${error.code ?? 'invalid'}]`;
    const message =
      status >= 500
        ? 'FusionAuth encountered an unexpected error. Please contact support for assistance.'
        : error.message;
    return reply.code(status).send({ generalErrors: [{ code, message }] });
  });
  return app;
}
