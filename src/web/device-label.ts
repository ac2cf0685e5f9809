import { UAParser } from 'ua-parser-js';

/** A readable "Browser on OS" for a user agent string, e.g. "Firefox 121 on Ubuntu". */
export function deviceLabel(userAgent: string | undefined): string {
  if (!userAgent) return 'Unknown device';
  const { browser, os } = new UAParser(userAgent).getResult();
  const browserName = browser.name ? `${browser.name}${browser.major ? ` ${browser.major}` : ''}` : 'Unknown browser';
  return os.name ? `${browserName} on ${os.name}${os.version ? ` ${os.version}` : ''}` : browserName;
}
