import { parse, serialize } from 'cookie';
import type { GatewayConfig } from '../config';

/** The browser session cookie (contract: HttpOnly, SameSite=Strict, Path=/, Secure behind https). */
export const SESSION_COOKIE = 'medseg_session';

export function sessionCookie(value: string, config: GatewayConfig): string {
  return serialize(SESSION_COOKIE, value, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure: config.publicUrl.startsWith('https:'),
    // The browser keeps it across restarts; the server-side row decides when it really ends.
    maxAge: Math.floor(config.auth.sessionMaxMs / 1000),
  });
}

export function clearedSessionCookie(config: GatewayConfig): string {
  return serialize(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'strict', path: '/', secure: config.publicUrl.startsWith('https:'), maxAge: 0 });
}

export function readSessionCookie(header: string | undefined): string | null {
  if (!header) return null;
  return parse(header)[SESSION_COOKIE] || null;
}
