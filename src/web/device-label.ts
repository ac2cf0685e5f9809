import { UAParser } from 'ua-parser-js';

/** A readable "Browser on OS" for a user agent string, e.g. "Firefox 121 on Ubuntu". */
export function deviceLabel(userAgent: string | undefined): string {
  return knownDeviceLabel(userAgent) ?? (userAgent ? 'Unknown browser' : 'Unknown device');
}

/** {@link deviceLabel} when the user agent names a browser; undefined when it says nothing a person would recognise. */
export function knownDeviceLabel(userAgent: string | undefined): string | undefined {
  if (!userAgent) return undefined;
  const { browser, os } = new UAParser(userAgent).getResult();
  if (!browser.name) return undefined;
  const browserName = `${browser.name}${browser.major ? ` ${browser.major}` : ''}`;
  return os.name ? `${browserName} on ${os.name}${os.version ? ` ${os.version}` : ''}` : browserName;
}
