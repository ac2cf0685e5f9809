/**
 * What a person does in the browser, written once for both login flows: the app's own forms by their
 * labels and button names, the hosted pages (the dev server's, or FusionAuth's) only through the
 * landmarks of FusionAuth's default theme.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { HOSTED_LOGIN, HOSTED_REGISTER } from './hosted-pages.ts';

export interface Person {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
}

/** Whether the browser is on a hosted page (FusionAuth's or the dev server's) rather than the app's. */
export function onHostedPage(page: Page): boolean {
  return ([HOSTED_LOGIN.path, HOSTED_REGISTER.path] as string[]).includes(new URL(page.url()).pathname);
}

/** Fills the registration form (the app's by its labels, the hosted one by FusionAuth's ids) and submits it. */
export async function fillRegistration(page: Page, person: Person): Promise<void> {
  if (onHostedPage(page)) {
    await page.locator(HOSTED_REGISTER.email).fill(person.email);
    await page.locator(HOSTED_REGISTER.password).fill(person.password);
    await page.locator(HOSTED_REGISTER.firstName).fill(person.firstName);
    await page.locator(HOSTED_REGISTER.lastName).fill(person.lastName);
    await page.locator(HOSTED_REGISTER.submit).click();
    await page.waitForLoadState();
    return;
  }
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password (at least 8 characters)').fill(person.password);
  await page.getByLabel('First name').fill(person.firstName);
  await page.getByLabel('Last name').fill(person.lastName);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForLoadState();
}

/** Fills the login form (the app's by its labels, the hosted one by FusionAuth's ids) and submits it. */
export async function fillLogin(page: Page, email: string, password: string): Promise<void> {
  if (onHostedPage(page)) {
    await page.locator(HOSTED_LOGIN.loginId).fill(email);
    await page.locator(HOSTED_LOGIN.password).fill(password);
    await page.locator(HOSTED_LOGIN.submit).click();
    await page.waitForLoadState();
    return;
  }
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForLoadState();
}

/** Follows the header's "Sign in" link and signs in. */
export async function logIn(page: Page, appUrl: string, email: string, password: string): Promise<void> {
  await page.goto(appUrl);
  await page.getByRole('banner').getByRole('link', { name: 'Sign in', exact: true }).click();
  await fillLogin(page, email, password);
}

/** The profile page greets the person by name and shows their email. */
export async function assertProfile(
  page: Page,
  appUrl: string,
  person: Pick<Person, 'email' | 'firstName' | 'lastName'>,
): Promise<void> {
  assert.equal(new URL(page.url()).href, `${appUrl}/`);
  assert.equal(
    await page.getByRole('heading', { level: 1 }).textContent(),
    `Hello, ${person.firstName} ${person.lastName}`,
  );
  assert.equal(
    await page.getByRole('definition').filter({ hasText: person.email }).count(),
    1,
    'the email is on the profile',
  );
}

/** The signed-out welcome page. */
export async function assertSignedOut(page: Page, appUrl: string): Promise<void> {
  await page.goto(appUrl);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Welcome');
}

/** Logs out with the header's button, on any signed-in page. */
export async function logOut(page: Page): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await page.waitForLoadState();
}

/**
 * The field's error is announced (role=alert), sits right after the input, and the input points at
 * it with aria-describedby and aria-invalid.
 */
export async function assertFieldError(page: Page, label: string, message: RegExp): Promise<void> {
  const input = page.getByLabel(label, { exact: true });
  const errorId = await input.getAttribute('aria-describedby');
  assert.ok(errorId, `${label}: aria-describedby points at its error`);
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  const error = page.locator(`[id="${errorId}"]`);
  assert.equal(await error.getAttribute('role'), 'alert');
  assert.match((await error.textContent()) ?? '', message);
  const inputId = await input.getAttribute('id');
  assert.equal(
    await page.locator(`[id="${inputId}"] + [id="${errorId}"]`).count(),
    1,
    `${label}: the error follows its input`,
  );
}

/**
 * A hosted page's field error (FusionAuth's `span.error`): in the input's `.form-row`, announced
 * (role=alert), and pointed at by the input's aria-describedby and aria-invalid.
 */
export async function assertHostedFieldError(page: Page, inputSelector: string, message: RegExp): Promise<void> {
  const input = page.locator(inputSelector);
  const errorId = await input.getAttribute('aria-describedby');
  assert.ok(errorId, `${inputSelector}: aria-describedby points at its error`);
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  const error = page.locator(`.form-row:has(${inputSelector}) span.error`);
  assert.equal(await error.getAttribute('id'), errorId);
  assert.equal(await error.getAttribute('role'), 'alert');
  assert.match((await error.textContent()) ?? '', message);
}

/** A unique person for one scenario. */
export function newPerson(tag: string): Person {
  const id = Math.random().toString(36).slice(2, 10);
  return {
    email: `${tag}-${id}@example.com`,
    password: 'correct horse battery',
    firstName: 'Ada',
    lastName: 'Lovelace',
  };
}
