import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/** The placeholder `web/src/index.html` carries (`ngCspNonce`); the built page has it on its inline style and script too. */
export const CSP_NONCE_PLACEHOLDER = 'MEDSEG_CSP_NONCE';

/** The nonce of this response, made by `securityHeaders` and written into index.html by the web server. */
export function cspNonce(res: ServerResponse): string {
  return (res as Response).locals.cspNonce as string;
}

const nonceSource = (_req: IncomingMessage, res: ServerResponse) => `'nonce-${cspNonce(res)}'`;

/**
 * Helmet's headers and a Content-Security-Policy the Angular build satisfies: its scripts and
 * styles come from this origin, and the inline ones (the critical CSS Angular inlines, its loader
 * script, the <style> elements components add at run time) carry this response's nonce. Masks and
 * images travel as data: URLs. Swagger UI (/api/docs) brings its own inline styles, so it gets a
 * policy of its own.
 */
export function securityHeaders(publicUrl: string): RequestHandler {
  const https = publicUrl.startsWith('https:');
  const common = {
    defaultSrc: ["'self'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    upgradeInsecureRequests: https ? [] : null,
  };
  const options = (directives: Record<string, Iterable<string | typeof nonceSource> | null>) =>
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: { ...common, ...directives } },
      // Same-origin requests keep their Referer (the CSRF check reads it); other sites get none.
      referrerPolicy: { policy: 'same-origin' },
      // Over plain HTTP a browser ignores it; on https it pins the scheme.
      strictTransportSecurity: https ? { maxAge: 15_552_000 } : false,
      xFrameOptions: { action: 'deny' },
    });
  const app = options({
    scriptSrc: ["'self'", nonceSource],
    styleSrc: ["'self'", nonceSource],
  });
  const docs = options({ scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"] });
  return (req: Request, res: Response, next: NextFunction) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    (req.path.startsWith('/api/docs') ? docs : app)(req, res, next);
  };
}
