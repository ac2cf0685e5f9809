import { randomUUID } from 'node:crypto';
import { FusionAuthClient, type User } from '@fusionauth/typescript-client';
import type { FusionAuthTarget } from './fusionauth-target.ts';

/** Test-side administration of FusionAuth through the official client, as an operator would do it. */
export class FusionAuthAdmin {
  readonly client: FusionAuthClient;
  readonly applicationId: string;

  constructor(target: FusionAuthTarget, applicationId: string) {
    this.client = new FusionAuthClient(target.apiKey, target.url, target.tenantId);
    this.applicationId = applicationId;
  }

  /** Creates a user (with a unique email unless given one); registered for the app with `roles` unless `registered` is false. */
  async createUser(
    options: { email?: string; password?: string; roles?: string[]; registered?: boolean } = {},
  ): Promise<{ id: string; email: string; password: string }> {
    const email = options.email ?? uniqueEmail();
    const password = options.password ?? 'correct horse battery';
    const user = { email, password, firstName: 'Test', lastName: 'Person' };
    const answer =
      options.registered === false
        ? await this.client.createUser(randomUUID(), { user })
        : await this.client.register(randomUUID(), {
            user,
            registration: { applicationId: this.applicationId, roles: options.roles ?? ['user'] },
          });
    const id = answer.response.user?.id;
    if (!id) throw new Error('FusionAuth created a user without an id');
    return { id, email, password };
  }

  async retrieveUser(userId: string): Promise<User | undefined> {
    return (await this.client.retrieveUser(userId)).response.user;
  }
}

export function uniqueEmail(): string {
  return `test-${randomUUID().slice(0, 13)}@example.com`;
}
