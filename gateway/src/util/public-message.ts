/**
 * What of a message may leave the gateway: file-system paths of this machine or the ml-service's
 * (its cache and temp folders, a library's install path) shrink to their last part, presigned URLs
 * lose their signature, and a stack trace is cut off. API paths (`/api/...`), URLs and the
 * relative paths of files inside an archive stay as they are: they are what the person needs.
 */
export function publicMessage(message: string): string {
  const trace = TRACE.exec(message);
  const text = trace ? message.slice(0, trace.index).trim() : message;
  return text.replace(URL_QUERY, '$1?…').replace(POSIX_PATH, shorten).replace(WINDOWS_PATH, shorten) || GENERIC;
}

const GENERIC = 'Internal server error';

/** A Python traceback, or the first frame of a JavaScript stack. */
const TRACE = /Traceback \(most recent call last\)|\n\s+at \S.*:\d+:\d+\)?|\n\s+File "/;

/** A URL's query (presigned URLs carry their signature there). */
const URL_QUERY = /(\bhttps?:\/\/[^\s?'"<>]+)\?[^\s'"<>)]*/g;

/**
 * An absolute POSIX path of two parts or more that does not follow a host, a word or a dot (so
 * neither a URL's path nor `masks/a.png` nor `image/png`); `/api/` routes are left alone.
 */
const POSIX_PATH = /(?<![\w.:/\]~-])\/(?!api\/)(?:[\w.@+~-]+\/)+[\w.@+~-]*/g;

const WINDOWS_PATH = /\b[A-Za-z]:\\(?:[^\\\s'"]+\\)*[^\\\s'"]*/g;

function shorten(path: string): string {
  const last = path.split(/[\\/]/).filter(Boolean).pop();
  return last ? `…/${last}` : '…';
}
