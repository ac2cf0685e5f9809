import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type AppErrorCode } from '../errors.ts';
import type { AppMetrics } from '../metrics.ts';
import { sendPage } from './send-page.ts';
import { messagePage, type Message } from './message-page.ts';

interface Failure {
  status: number;
  message: Message;
}

const UNAVAILABLE: Failure = {
  status: 503,
  message: {
    title: 'Sign-in is temporarily unavailable',
    text: 'We cannot reach the sign-in service right now. Nothing was lost; please try again in a moment.',
    action: { href: '/', label: 'Try again' },
  },
};

const FAULT: Failure = {
  status: 500,
  message: {
    title: 'Something went wrong',
    text: 'An unexpected error happened on our side. Please try again.',
    action: { href: '/', label: 'Go to the home page' },
  },
};

/** Each of the app's error codes → the status and page a person sees. The one place that decides this. */
const FAILURES: Record<AppErrorCode, Failure> = {
  FUSIONAUTH_UNAVAILABLE: UNAVAILABLE,
  FUSIONAUTH_UNEXPECTED_RESPONSE: UNAVAILABLE,
  SESSION_STORE_UNAVAILABLE: {
    status: 503,
    message: {
      ...UNAVAILABLE.message,
      title: 'Temporarily unavailable',
      text: 'We cannot reach the session store right now. Please try again in a moment.',
    },
  },
  CSRF_REJECTED: {
    status: 403,
    message: {
      title: 'This form has expired',
      text: 'The form was stale or came from another site, so nothing was done. Go back, reload the page and try again.',
      action: { href: '/', label: 'Go to the home page' },
    },
  },
  RATE_LIMITED: {
    status: 429,
    message: {
      title: 'Too many attempts',
      text: 'For your account’s safety, please wait a minute before trying again.',
      action: { href: '/', label: 'Go to the home page' },
    },
  },
  // Bugs and start-up faults: never the person's doing.
  SESSION_KEY_INVALID: FAULT,
  CONFIG_INVALID: FAULT,
};

/** Fastify's own errors: what it refuses before a handler runs. */
function fastifyFailure(error: FastifyError): Failure {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        message: { title: 'Too much data', text: 'What you sent is larger than this site accepts.' },
      };
    case 'FST_ERR_VALIDATION':
      // A body, query or path that does not fit the route's schema: a repeated field, a missing form.
      return {
        status: 400,
        message: {
          title: 'Bad request',
          text: 'What you sent does not fit this form. Go back, reload the page and try again.',
        },
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        message: { title: 'Unsupported form', text: 'This site only accepts ordinary web forms here.' },
      };
  }
  const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status >= 400 && status < 500) {
    return {
      status,
      message: { title: 'Bad request', text: 'The request could not be understood. Go back and try again.' },
    };
  }
  return FAULT;
}

/** Every failure gets a clear page; nothing internal (stack, message) ever reaches the browser. */
export function registerErrorPages(app: FastifyInstance, metrics: Pick<AppMetrics, 'unavailablePages'>): void {
  app.setErrorHandler((error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) => {
    const failure = error instanceof AppError ? FAILURES[error.code] : fastifyFailure(error);
    if (failure.status === 503) metrics.unavailablePages.inc({ cause: error.code });
    if (failure.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: error.code, status: failure.status }, 'request refused');
    return sendPage(reply, failure.status, messagePage({ signedInAs: null }, failure.message));
  });
  app.setNotFoundHandler((_request, reply) =>
    sendPage(
      reply,
      404,
      messagePage(
        { signedInAs: null },
        {
          title: 'Page not found',
          text: 'There is nothing at this address.',
          action: { href: '/', label: 'Go to the home page' },
        },
      ),
    ),
  );
}
