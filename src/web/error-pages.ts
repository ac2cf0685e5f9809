import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppError } from '../errors.ts';
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

/** Stable error codes → the status and page a person sees. The one place that decides this. */
function failureFor(error: FastifyError | AppError): Failure {
  switch (error.code) {
    case 'FUSIONAUTH_UNAVAILABLE':
    case 'FUSIONAUTH_UNEXPECTED_RESPONSE':
      return UNAVAILABLE;
    case 'SESSION_STORE_UNAVAILABLE':
      return { status: 503, message: { ...UNAVAILABLE.message, title: 'Temporarily unavailable', text: 'We cannot reach the session store right now. Please try again in a moment.' } };
    case 'CSRF_REJECTED':
      return { status: 403, message: { title: 'This form has expired', text: 'The form was stale or came from another site, so nothing was done. Go back, reload the page and try again.', action: { href: '/', label: 'Go to the home page' } } };
    case 'RATE_LIMITED':
      return { status: 429, message: { title: 'Too many attempts', text: 'For your account’s safety, please wait a minute before trying again.', action: { href: '/', label: 'Go to the home page' } } };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, message: { title: 'Too much data', text: 'What you sent is larger than this site accepts.' } };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, message: { title: 'Unsupported form', text: 'This site only accepts ordinary web forms here.' } };
  }
  const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status >= 400 && status < 500) {
    return { status, message: { title: 'Bad request', text: 'The request could not be understood. Go back and try again.' } };
  }
  return { status: 500, message: { title: 'Something went wrong', text: 'An unexpected error happened on our side. Please try again.', action: { href: '/', label: 'Go to the home page' } } };
}

/** Every failure gets a clear page; nothing internal (stack, message) ever reaches the browser. */
export function registerErrorPages(app: FastifyInstance, metrics: Pick<AppMetrics, 'unavailablePages'>): void {
  app.setErrorHandler((error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) => {
    const failure = failureFor(error);
    if (failure.status === 503) metrics.unavailablePages.inc({ cause: error.code });
    if (failure.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: error.code, status: failure.status }, 'request refused');
    return sendPage(reply, failure.status, messagePage({ signedInAs: null }, failure.message));
  });
  app.setNotFoundHandler((_request, reply) =>
    sendPage(reply, 404, messagePage({ signedInAs: null }, { title: 'Page not found', text: 'There is nothing at this address.', action: { href: '/', label: 'Go to the home page' } })),
  );
}
