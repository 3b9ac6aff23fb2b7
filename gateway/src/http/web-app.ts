import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { CSP_NONCE_PLACEHOLDER, cspNonce } from './security-headers';

/**
 * The Angular build, with every non-API path falling back to index.html for client-side routes.
 * index.html is read once and sent with this response's CSP nonce in place of the placeholder.
 */
export function serveWeb(app: NestExpressApplication, webDir: string): void {
  const page = readFileSync(join(webDir, 'index.html'), 'utf8').split(CSP_NONCE_PLACEHOLDER);
  const sendIndex = (res: Response) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(page.join(cspNonce(res)));
  };
  const isPage = (req: Request) => (req.method === 'GET' || req.method === 'HEAD') && !req.path.startsWith('/api');
  // Before the static files, so /index.html never goes out with the placeholder.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (isPage(req) && (req.path === '/' || req.path === '/index.html')) return sendIndex(res);
    next();
  });
  app.useStaticAssets(webDir, { index: false, maxAge: '1h' });
  app.use((req: Request, res: Response, next: NextFunction) => (isPage(req) ? sendIndex(res) : next()));
}
