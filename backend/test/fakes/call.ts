/** fetch with a timeout, returning status, content type, text and the parsed JSON body (if any). */
export interface CallResult {
  status: number;
  type: string;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read the fakes' JSON bodies ad hoc
  body: any;
  headers: Headers;
}

export const JSON_ACCEPT = { accept: 'application/json' };

export async function call(url: string, init: RequestInit = {}): Promise<CallResult> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000), ...init });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, body, headers: res.headers };
}
