import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * WCAG 2.2 success criterion 1.4.11 (non-text contrast) asks 3:1 of a field's boundary and of the
 * focus indicator against what surrounds them. The colours are read from the stylesheets themselves
 * (the app's, and the dev server's hosted pages'), so a later edit that lightens them fails here.
 */
const ROOT = join(import.meta.dirname, '..', '..');

interface Stylesheet {
  name: string;
  css: string;
  /** The backgrounds a field or a focused control sits on. */
  backgrounds: string[];
  /** The selector list of the rule that styles text inputs. */
  inputs: string;
  /** The selector of the rule that styles buttons. */
  buttons: string;
}

const STYLESHEETS: Stylesheet[] = [
  {
    name: "the app's stylesheet",
    css: readFileSync(join(ROOT, 'src', 'web', 'static', 'style.css'), 'utf8'),
    // Cards, the page, the current session's row.
    backgrounds: ['--paper', '--ground', '--brand-ground'],
    inputs: 'input[type="text"], input[type="email"], input[type="password"], input[type="search"]',
    buttons: 'button, .button',
  },
  {
    name: "the dev server's hosted pages",
    css: readFileSync(join(ROOT, 'packages', 'fusionauth-dev-server', 'src', 'oauth', 'hosted-pages.css'), 'utf8'),
    // The panel, the page, the info and error alerts.
    backgrounds: ['--paper', '--ground', '--info-ground', '--danger-ground'],
    inputs: 'input[type="text"], input[type="password"]',
    buttons: '.button',
  },
];

/** The body of the first rule in `css` whose selector list is exactly `selector` (however it is wrapped or quoted). */
function ruleBody(css: string, selector: string): string {
  const escaped = selector
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/,\s*/g, ',\\s*')
    .replace(/["']/g, `["']`);
  const match = new RegExp(`(?:^|})\\s*${escaped}\\s*\\{([^}]*)\\}`, 'm').exec(css);
  assert.ok(match?.[1], `the stylesheet has a rule for ${selector}`);
  return match[1];
}

/** A colour as written in a declaration, with `var(--x)` resolved from the stylesheet's :root. */
function resolveColour(css: string, value: string): string {
  const variable = /var\((--[\w-]+)\)/.exec(value)?.[1];
  if (!variable) {
    const hex = /#[0-9a-f]{6}\b/i.exec(value)?.[0];
    assert.ok(hex, `a six-digit hex colour in "${value}"`);
    return hex;
  }
  const declared = new RegExp(`${variable}:\\s*([^;]+);`).exec(ruleBody(css, ':root'))?.[1];
  assert.ok(declared, `:root declares ${variable}`);
  return resolveColour(css, declared);
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

function assertContrastOnEveryBackground(sheet: Stylesheet, what: string, colour: string): void {
  for (const background of sheet.backgrounds) {
    const ratio = contrastRatio(colour, resolveColour(sheet.css, `var(${background})`));
    assert.ok(ratio >= 3, `${what} ${colour} has ${ratio.toFixed(2)}:1 against ${background}, below 3:1`);
  }
}

test('the luminance arithmetic gives the known ratios (black on white is 21:1, white on white 1:1)', () => {
  assert.equal(contrastRatio('#000000', '#ffffff'), 21);
  assert.equal(contrastRatio('#ffffff', '#ffffff'), 1);
  assert.equal(contrastRatio('#b9c1d0', '#ffffff').toFixed(2), '1.81', 'the old, too light input border');
  assert.equal(contrastRatio('#d9dee8', '#ffffff').toFixed(2), '1.35', "the hosted pages' old input border");
});

for (const sheet of STYLESHEETS)
  describe(`non-text contrast and forced colours: ${sheet.name}`, () => {
    test("an input's border has at least 3:1 against the backgrounds it sits on", () => {
      const border = declaration(ruleBody(sheet.css, sheet.inputs), 'border');
      assertContrastOnEveryBackground(sheet, 'the input border', resolveColour(sheet.css, border));
    });

    test('the focus ring has at least 3:1 against the backgrounds it sits on', () => {
      const outline = declaration(ruleBody(sheet.css, ':focus-visible'), 'outline');
      assertContrastOnEveryBackground(sheet, 'the focus ring', resolveColour(sheet.css, outline));
    });

    test('a button has a border, which is what outlines it in forced colours (its background is dropped)', () => {
      const border = declaration(ruleBody(sheet.css, sheet.buttons), 'border');
      assert.match(border, /^\d+px solid /, `the button's border is "${border}"`);
      assert.doesNotMatch(border, /^0/, 'a zero-width border vanishes in forced colours');
    });
  });
