/**
 * Times every request the official FusionAuth client sends, labelled by endpoint: the method and the
 * path template the client starts from (`GET /api/user`, `POST /api/login`), without the ids it
 * appends, so the label set stays small. A request that gets no answer or a 5xx counts as a failure;
 * a 4xx is an answer (a wrong password, an unknown user), not a failure.
 */
import type { FusionAuthClient, IRESTClient } from '@fusionauth/typescript-client';
import type { AppMetrics } from '../metrics.ts';

type RequestMetrics = Pick<AppMetrics, 'fusionAuthDuration' | 'fusionAuthFailures'>;

/** Makes `client` record each request's latency and failure in `metrics`. */
export function measureRequests(client: FusionAuthClient, metrics: RequestMetrics): void {
  const builder = client.clientBuilder;
  client.clientBuilder = { build: <RT, ERT>(host: string) => measured(builder.build<RT, ERT>(host), metrics) };
}

function measured<RT, ERT>(request: IRESTClient<RT, ERT>, metrics: RequestMetrics): IRESTClient<RT, ERT> {
  let method = 'GET';
  let path = '';
  const withMethod = request.withMethod.bind(request);
  const withUri = request.withUri.bind(request);
  const go = request.go.bind(request);
  request.withMethod = (value) => {
    method = value;
    return withMethod(value);
  };
  request.withUri = (value) => {
    path = value;
    return withUri(value);
  };
  request.go = async () => {
    const endpoint = `${method} ${path}`;
    const stop = metrics.fusionAuthDuration.startTimer({ endpoint });
    try {
      return await go();
    } catch (rejection) {
      const status =
        typeof rejection === 'object' && rejection !== null && 'statusCode' in rejection
          ? Number(rejection.statusCode)
          : NaN;
      if (!(status < 500)) metrics.fusionAuthFailures.inc({ endpoint });
      throw rejection;
    } finally {
      stop();
    }
  };
  return request;
}
