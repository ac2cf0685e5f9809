import { readFile, writeFile } from 'node:fs/promises';

/** One response as the client received it: what the page ceiling and the peer replay. */
export interface CapturedPage {
  status: number;
  /** Every header the app chose, lower-case; those Node or the connection add are left out. */
  headers: Record<string, string>;
  body: string;
}

// Written by Node's HTTP layer itself on every response, whoever serves it.
const TRANSPORT_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

/** Fetches `url` with `cookie` once and keeps the status, the app's own headers and the body. */
export async function capturePage(url: string, cookie: string): Promise<CapturedPage> {
  const response = await fetch(url, { headers: { cookie }, redirect: 'manual' });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!TRANSPORT_HEADERS.has(name)) headers[name] = value;
  });
  const body = await response.text();
  if (response.status !== 200 || !body.includes('Sign out'))
    throw new Error(`capturing ${url}: not the signed-in page (status ${response.status})`);
  return { status: response.status, headers, body };
}

/** Saves a capture for a server process to read (see {@link readCapturedPage}). */
export async function saveCapturedPage(file: string, page: CapturedPage): Promise<void> {
  await writeFile(file, JSON.stringify(page));
}

/** The capture a bench server was started with, named by its `PAGE_FILE` environment variable. */
export async function readCapturedPage(): Promise<CapturedPage> {
  const file = process.env.PAGE_FILE;
  if (!file) throw new Error('PAGE_FILE is not set');
  return JSON.parse(await readFile(file, 'utf8')) as CapturedPage;
}
