/** API keys (https://fusionauth.io/docs/apis/api-keys): created by the kickstart, checked on every API call. */
import { stateOf, type DevServerContext } from '../context.ts';
import type { ApiKey } from '../state/model.ts';

/** Every API key. */
export function listApiKeys(context: DevServerContext): ApiKey[] {
  return Object.values(stateOf(context).apiKeys);
}
