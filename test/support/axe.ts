/**
 * axe-core in the page under test. The app's CSP allows no inline script, so the engine is not added
 * as a <script> tag: its source is evaluated through the DevTools protocol (Playwright's evaluate),
 * which the page's CSP does not govern, and axe itself needs no eval.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** One failed axe rule, as the test reports it. */
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  targets: string[];
}

/**
 * Runs every axe rule but the experimental ones and returns the violations, reduced to what a reader
 * needs. One exception: FusionAuth's hosted pages (the dev server's copies of its theme, recognised by
 * the theme's `main.page-body` landmark) title their panel with an `h2` and have no `h1`, exactly as
 * FusionAuth's own theme does; giving them an `h1` would make them less like FusionAuth's, so the
 * best-practice rule "page-has-heading-one" is not applied to them. Every WCAG rule still is.
 */
const RUN_AXE = `axe.run(document, {
  resultTypes: ['violations'],
  rules: document.querySelector('body > main.page-body') ? { 'page-has-heading-one': { enabled: false } } : {},
}).then((results) => results.violations.map((violation) => ({
  id: violation.id,
  impact: violation.impact ?? null,
  help: violation.help,
  helpUrl: violation.helpUrl,
  targets: violation.nodes.map((node) => node.target.join(' ')),
})))`;

/** Injects axe-core (once per document) and fails with a readable list if any rule is violated. */
export async function assertNoAxeViolations(page: Page, where: string): Promise<void> {
  // A trailing newline first: the minified source may end in a line comment.
  if (!(await page.evaluate<boolean>('typeof window.axe === "object"')))
    await page.evaluate(`${AXE_SOURCE}\n;undefined`);
  const violations = await page.evaluate<AxeViolation[]>(RUN_AXE);
  const list = violations.map(
    (v) => `- ${v.id} (${v.impact ?? 'no impact'}): ${v.help}\n    at ${v.targets.join(', ')}\n    see ${v.helpUrl}`,
  );
  assert.ok(list.length === 0, `${where}: ${list.length} axe violation(s) on ${page.url()}\n${list.join('\n')}`);
}
