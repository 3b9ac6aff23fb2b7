import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { type IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** Why a URL is refused; the message is meant for the user. */
export class RefusedUrlError extends Error {}

const MAX_REDIRECTS = 3;

/**
 * Addresses a URL import must not reach unless allowed: loopback, private, link-local (cloud
 * metadata lives at 169.254.169.254), carrier-grade NAT, multicast and reserved ranges.
 */
const BLOCKED = (() => {
  const list = new BlockList();
  for (const [net, bits] of [
    ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
    ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
  ] as const) list.addSubnet(net, bits, 'ipv4');
  for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) {
    list.addSubnet(net, bits, 'ipv6');
  }
  return list;
})();

export function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, 'ipv4');
  if (family !== 6) return true;
  // IPv4-mapped IPv6 (::ffff:127.0.0.1) would otherwise slip past the IPv4 rules.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return BLOCKED.check(mapped[1], 'ipv4');
  return BLOCKED.check(address, 'ipv6');
}

/** A DNS lookup that refuses blocked addresses, so the check holds for the address actually dialled. */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const allowed = allowPrivate ? addresses : addresses.filter((a) => !isBlockedAddress(a.address));
      if (allowed.length === 0) {
        return callback(new RefusedUrlError(refusedAddress(hostname)), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      callback(null, allowed[0].address, allowed[0].family);
    });
  };
}

function refusedAddress(host: string): string {
  return `${host} resolves to a loopback, private or link-local address; imports from such hosts are refused (set MEDSEG_IMPORT_ALLOW_PRIVATE=true to allow them)`;
}

export function checkUrl(raw: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RefusedUrlError(`"${raw}" is not a URL; give a full http:// or https:// address`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RefusedUrlError(`Only http:// and https:// URLs can be imported, not ${url.protocol}//`);
  }
  if (url.username || url.password) {
    throw new RefusedUrlError('URLs with a user name or password are refused; use a link that needs no login');
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // Node dials IP literals without a DNS lookup, so they are checked here.
  if (!allowPrivate && isIP(host) && isBlockedAddress(host)) throw new RefusedUrlError(refusedAddress(host));
  if (!allowPrivate && /^localhost\.?$/i.test(host)) throw new RefusedUrlError(refusedAddress(host));
  return url;
}

export interface Download {
  body: IncomingMessage;
  url: URL;
  contentLength: number | null;
}

/**
 * GETs `raw`, following at most 3 redirects and re-checking each target. Resolves once the
 * response headers of a 200 arrive; the caller consumes `body`.
 */
export async function openDownload(raw: string, options: { allowPrivate: boolean; signal: AbortSignal }): Promise<Download> {
  let url = checkUrl(raw, options.allowPrivate);
  for (let hop = 0; ; hop++) {
    const response = await get(url, options);
    const status = response.statusCode ?? 0;
    if ([301, 302, 303, 307, 308].includes(status)) {
      response.resume();
      const location = response.headers.location;
      if (!location) throw new RefusedUrlError(`${url.host} answered ${status} without a Location header`);
      if (hop >= MAX_REDIRECTS) throw new RefusedUrlError(`${raw} redirects more than ${MAX_REDIRECTS} times`);
      url = checkUrl(new URL(location, url).toString(), options.allowPrivate);
      continue;
    }
    if (status !== 200) {
      response.resume();
      throw new RefusedUrlError(`${url.toString()} answered HTTP ${status}; check that the link downloads the ZIP without a login`);
    }
    const length = Number(response.headers['content-length']);
    return { body: response, url, contentLength: Number.isFinite(length) && length >= 0 ? length : null };
  }
}

function get(url: URL, options: { allowPrivate: boolean; signal: AbortSignal }): Promise<IncomingMessage> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'GET',
      lookup: guardedLookup(options.allowPrivate),
      signal: options.signal,
      headers: { 'user-agent': 'MedSeg dataset import', accept: 'application/zip, application/octet-stream, */*' },
    });
    req.once('response', resolve);
    req.once('error', (error) => {
      if (error instanceof RefusedUrlError || options.signal.aborted) return reject(error);
      reject(new RefusedUrlError(`Could not download ${url.toString()}: ${(error as NodeJS.ErrnoException).code ?? error.message}`));
    });
    req.end();
  });
}
