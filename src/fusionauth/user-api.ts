import type { User, UserResponse } from '@fusionauth/typescript-client';
import { AppError } from '../errors.ts';
import type { FusionAuthAnswer } from './call-fusionauth.ts';
import { FusionAuthArea } from './fusionauth-area.ts';

/**
 * Users of this application: read, search, roles, reactivate, delete.
 */
export class UserApi extends FusionAuthArea {
  /** The user with their registrations, or null when FusionAuth has no such user. */
  async retrieveUser(userId: string): Promise<User | null> {
    return userOrNull(await this.call((client) => client.retrieveUser(userId)));
  }

  /** The user whose email or username is `loginId` (GET /api/user?loginId=), or null. */
  async retrieveUserByLoginId(loginId: string): Promise<User | null> {
    return userOrNull(await this.call((client) => client.retrieveUserByLoginId(loginId)));
  }

  /**
   * Users registered for this application matching `text` (FusionAuth's user search, first `limit`).
   * The text is escaped, so it is matched as words, never read as Lucene query syntax.
   */
  async searchUsers(text: string, limit = 25): Promise<{ total: number; users: User[] }> {
    const words = text.split(/\s+/).filter(Boolean).map(escapeQueryText);
    const queryString = [`registrations.applicationId:${this.applicationId}`, ...words].join(' AND ');
    const answer = await this.call((client) =>
      client.searchUsersByQuery({
        search: { queryString, numberOfResults: limit, startRow: 0, sortFields: [{ name: 'email' }] },
      }),
    );
    if (answer.statusCode !== 200)
      throw new AppError('FUSIONAUTH_UNEXPECTED_RESPONSE', `User Search API answered ${answer.statusCode}`);
    return { total: answer.response?.total ?? 0, users: answer.response?.users ?? [] };
  }

  /**
   * Adds `role` to the user's registration for this application (PATCH appends to arrays). False when
   * the user has no registration here.
   */
  async addRegistrationRole(userId: string, role: string): Promise<boolean> {
    const answer = await this.call((client) =>
      client.patchRegistration(userId, { registration: { applicationId: this.applicationId, roles: [role] } }),
    );
    return this.expectFound(answer.statusCode, 'Registration API');
  }

  /** Removes `role` from the user's registration for this application. False when there is none. */
  async removeRegistrationRole(userId: string, role: string): Promise<boolean> {
    const current = await this.call((client) => client.retrieveRegistration(userId, this.applicationId));
    const registration = current.response?.registration;
    if (!this.expectFound(current.statusCode, 'Registration API') || !registration) return false;
    if (!registration.roles?.includes(role)) return true;
    const answer = await this.call((client) =>
      client.updateRegistration(userId, {
        registration: { ...registration, roles: registration.roles?.filter((name) => name !== role) ?? [] },
      }),
    );
    return this.expectFound(answer.statusCode, 'Registration API');
  }

  /** Undoes a soft delete (`active:false`). False when there is no such user. */
  async reactivateUser(userId: string): Promise<boolean> {
    const answer = await this.call((client) => client.reactivateUser(userId));
    return this.expectFound(answer.statusCode, 'User API');
  }

  /**
   * Deletes the user permanently. The TS client's `deleteUser` hard-deletes (`?hardDelete=true`);
   * `deactivateUser` would only soft-delete. False when there was no such user.
   */
  async deleteUser(userId: string): Promise<boolean> {
    const answer = await this.call((client) => client.deleteUser(userId));
    return this.expectFound(answer.statusCode, 'User API');
  }
}

/** Escapes Lucene query syntax (FusionAuth's queryString), so a search box cannot change the query. */
function escapeQueryText(word: string): string {
  return word.replace(/[+\-=&|><!(){}[\]^"~*?:\\/]/g, '\\$&');
}

/** The User API's answer: the user, null for an unknown one (404, or 400 for a malformed id), else a fault. */
function userOrNull(answer: FusionAuthAnswer<UserResponse>): User | null {
  if (answer.statusCode === 200 && answer.response?.user) return answer.response.user;
  if (answer.statusCode === 404 || answer.statusCode === 400) return null;
  throw new AppError('FUSIONAUTH_UNEXPECTED_RESPONSE', `User API answered ${answer.statusCode}`);
}
