import type { NextFunction, Request, Response } from 'express';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Refuses requests whose Host is neither the public origin nor loopback (any port). A page on
 * another site whose name an attacker re-points at this machine (DNS rebinding) sends its own name
 * as Host, so it never reaches the API with the browser's access to this address.
 */
export function hostCheck(publicUrl: string) {
  const publicHost = new URL(publicUrl).host;
  return (req: Request, res: Response, next: NextFunction): void => {
    const host = (req.headers.host ?? '').toLowerCase();
    if (host === publicHost || LOOPBACK_NAMES.has(hostName(host))) return next();
    const shown = host ? `"${host.slice(0, 100)}"` : 'missing';
    res.status(421).json({
      statusCode: 421,
      error: 'Misdirected Request',
      message: `Host ${shown} is not this MedSeg's address (${publicUrl}); set MEDSEG_PUBLIC_URL to the URL people open it at`,
    });
  };
}

/** `name:port`, `[v6]:port` or a bare name, without the port. */
function hostName(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.lastIndexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}
