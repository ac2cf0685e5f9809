/**
 * Applies the settings setup manages onto an object read from FusionAuth, leaving everything else as
 * it is: nested objects are merged, arrays gain the missing entries (an authorized redirect URL
 * someone added by hand stays), other values are replaced. The paths that changed say whether an
 * update is needed at all, which is what makes a second run change nothing.
 */

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export interface Merged<T> {
  value: T;
  /** Dotted paths whose value changed, e.g. `oauthConfiguration.authorizedRedirectURLs`. */
  changed: string[];
}

function mergeInto(target: Plain, wanted: Plain, prefix: string, changed: string[]): void {
  for (const [key, want] of Object.entries(wanted)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const current = target[key];
    if (isPlain(want)) {
      const nested = isPlain(current) ? { ...current } : {};
      mergeInto(nested, want, path, changed);
      target[key] = nested;
    } else if (Array.isArray(want)) {
      const have: unknown[] = Array.isArray(current) ? current : [];
      const missing = (want as unknown[]).filter((item) => !have.includes(item));
      if (missing.length > 0 || !Array.isArray(current)) {
        target[key] = [...have, ...missing];
        changed.push(path);
      }
    } else if (current !== want) {
      target[key] = want;
      changed.push(path);
    }
  }
}

/** Returns a copy of `current` with `wanted` applied, and the paths that differed. */
export function mergeSettings<T extends object>(current: T, wanted: object): Merged<T> {
  const value = structuredClone(current) as Plain;
  const changed: string[] = [];
  mergeInto(value, wanted as Plain, '', changed);
  return { value: value as T, changed };
}
