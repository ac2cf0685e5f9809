/**
 * Characters a person cannot see or that change how the text around them is shown: in an email or a name
 * they make two accounts look the same ("admin@example.com" and "admin@example.com" + NUL) or an address
 * read backwards (OWASP ASVS 5.1.3/5.1.4). C0 and C1 controls (NUL included) and DEL, the bidirectional
 * embeddings, overrides, isolates and marks (https://www.unicode.org/reports/tr9/), and unpaired UTF-16
 * surrogates, which are no character at all.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What `text` holds that no email or name may, in words for a field error; undefined when it is clean. */
export function hiddenCharacterIn(text: string): string | undefined {
  if (CONTROL.test(text)) return 'a control character';
  if (BIDI.test(text)) return 'a character that changes the direction of the text';
  if (UNPAIRED_SURROGATE.test(text)) return 'a broken character';
  return undefined;
}

/** The field error for `label` (e.g. "Email") when `text` holds a hidden character, else undefined. */
export function hiddenCharacterError(label: string, text: string): string | undefined {
  const found = hiddenCharacterIn(text);
  return found && `${label} must not contain ${found}.`;
}
