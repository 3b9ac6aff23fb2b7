import { ForbiddenException } from '@nestjs/common';
import type { Request } from 'express';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF: a browser sends the session cookie with any request to us, even one a foreign page starts,
 * but it always names the page's origin. A state-changing request signed in by cookie must come
 * from a page of ours: its Origin (or, without one, its Referer) has our Host. Bearer-token
 * requests are exempt (no page can make a browser add that header cross-site).
 */
export function assertSameOrigin(req: Request, { required }: { required: boolean }): void {
  if (SAFE_METHODS.has(req.method)) return;
  const host = req.headers.host;
  const source = req.headers.origin ?? req.headers.referer;
  if (source === undefined) {
    if (required) throw refused('it names no Origin or Referer');
    return;
  }
  let sourceHost: string | null = null;
  try {
    const parsed = new URL(source);
    sourceHost = parsed.host;
  } catch {
    // "null" (sandboxed frames, file: pages) or garbage: not a page of ours
  }
  if (!host || sourceHost !== host.toLowerCase()) throw refused(`it comes from ${sourceHost ?? source}, not ${host ?? 'this host'}`);
}

function refused(why: string): ForbiddenException {
  return new ForbiddenException(
    `Cross-site request refused: ${why}. Send it from a MedSeg page of this same address, or from a script with an API token (Authorization: Bearer)`,
  );
}
