/**
 * Characters no email address holds: C0 and C1 controls (NUL included), DEL, the Unicode bidirectional
 * formatting characters (https://www.unicode.org/reports/tr9/) and unpaired UTF-16 surrogates. An address with
 * one looks like another ("admin@example.com" + NUL), so it is no valid email address.
 */
const HIDDEN =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether `text` holds a character a person cannot see or that reorders the text around it. */
export function hasHiddenCharacter(text: string): boolean {
  return HIDDEN.test(text);
}
