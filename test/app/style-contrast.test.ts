import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * WCAG 2.2 success criterion 1.4.11 (non-text contrast) asks 3:1 of a field's boundary and of the
 * focus indicator against what surrounds them. The colours are read from the stylesheet itself, so a
 * later edit that lightens them fails here.
 */
const CSS = readFileSync(join(import.meta.dirname, '..', '..', 'src', 'web', 'static', 'style.css'), 'utf8');

/** The backgrounds a field or a focused control sits on: cards, the page, the current session's row. */
const BACKGROUNDS = ['--paper', '--ground', '--brand-ground'];

/** The body of the first rule whose selector list is exactly `selector` (however it is wrapped or quoted). */
function ruleBody(selector: string): string {
  const escaped = selector
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/,\s*/g, ',\\s*')
    .replace(/["']/g, `["']`);
  const match = new RegExp(`(?:^|})\\s*${escaped}\\s*\\{([^}]*)\\}`, 'm').exec(CSS);
  assert.ok(match?.[1], `style.css has a rule for ${selector}`);
  return match[1];
}

/** A colour as written in a declaration, with `var(--x)` resolved from :root. */
function resolveColour(value: string): string {
  const variable = /var\((--[\w-]+)\)/.exec(value)?.[1];
  if (!variable) {
    const hex = /#[0-9a-f]{6}\b/i.exec(value)?.[0];
    assert.ok(hex, `a six-digit hex colour in "${value}"`);
    return hex;
  }
  const declared = new RegExp(`${variable}:\\s*([^;]+);`).exec(ruleBody(':root'))?.[1];
  assert.ok(declared, `:root declares ${variable}`);
  return resolveColour(declared);
}

function declaration(body: string, property: string): string {
  const value = new RegExp(`(?:^|[;\\s])${property}:\\s*([^;]+);`).exec(body)?.[1];
  assert.ok(value, `the rule sets ${property}`);
  return value;
}

/** WCAG relative luminance of an sRGB hex colour. */
function relativeLuminance(hex: string): number {
  const [r = 0, g = 0, b = 0] = [1, 3, 5].map((start) => {
    const channel = parseInt(hex.slice(start, start + 2), 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrastRatio(a: string, b: string): number {
  const [lighter, darker] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

function assertContrastOnEveryBackground(what: string, colour: string): void {
  for (const background of BACKGROUNDS) {
    const ratio = contrastRatio(colour, resolveColour(`var(${background})`));
    assert.ok(ratio >= 3, `${what} ${colour} has ${ratio.toFixed(2)}:1 against ${background}, below 3:1`);
  }
}

describe("the stylesheet's non-text contrast", () => {
  test('the luminance arithmetic gives the known ratios (black on white is 21:1, white on white 1:1)', () => {
    assert.equal(contrastRatio('#000000', '#ffffff'), 21);
    assert.equal(contrastRatio('#ffffff', '#ffffff'), 1);
    assert.equal(contrastRatio('#b9c1d0', '#ffffff').toFixed(2), '1.81', 'the old, too light input border');
  });

  test("an input's border has at least 3:1 against the backgrounds it sits on", () => {
    const inputs = 'input[type="text"], input[type="email"], input[type="password"], input[type="search"]';
    const border = declaration(ruleBody(inputs), 'border');
    assertContrastOnEveryBackground('the input border', resolveColour(border));
  });

  test('the focus ring has at least 3:1 against the backgrounds it sits on', () => {
    const outline = declaration(ruleBody(':focus-visible'), 'outline');
    assertContrastOnEveryBackground('the focus ring', resolveColour(outline));
  });
});
