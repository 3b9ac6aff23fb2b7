import { ConflictException, Inject, Injectable, Logger } from '@nestjs/common';
import { parse, serialize } from 'cookie';
import { sessionCookie } from '../auth/session-cookie';
import type { GatewayConfig, OidcConfig } from '../config';
import type { UserRow } from '../db/schema';
import type { OidcProviderDto } from '../dtos/auth.dto';
import { OidcRepository, OidcSignInError } from '../repositories/oidc.repository';
import { UserRepository } from '../repositories/user.repository';
import { CONFIG } from '../tokens';
import { OIDC_FLOW_TTL_MS, OidcFlowStore } from './oidc-flow.store';
import { type OidcClaims, profileFromClaims, safeReturnUrl, usernameCandidates } from './oidc-profile';
import { SessionService } from './session.service';
import { UserService } from './user.service';

export const OIDC_LOGIN_PATH = '/api/auth/oidc/login';
const FLOW_COOKIE = 'medseg_oidc';
// Only the sign-in routes see it. Lax, not Strict: it must come back on the provider's
// cross-site redirect to the callback.
const FLOW_COOKIE_PATH = '/api/auth/oidc';

/** Where the browser goes next and the Set-Cookie headers that go with it. */
export interface OidcRedirect {
  location: string;
  cookies: string[];
}

/** The single sign-on rules: start a sign-in, finish it, and map the provider's person to a MedSeg user. */
@Injectable()
export class OidcSignInService {
  private readonly logger = new Logger(OidcSignInService.name);

  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly provider: OidcRepository,
    private readonly flows: OidcFlowStore,
    private readonly users: UserRepository,
    private readonly userService: UserService,
    private readonly sessions: SessionService,
  ) {}

  /** What GET /api/auth/providers says about single sign-on. */
  describe(): OidcProviderDto | null {
    return this.config.oidc ? { name: this.config.oidc.name, loginUrl: OIDC_LOGIN_PATH } : null;
  }

  /**
   * The redirect to the provider. The browser must come back on MEDSEG_PUBLIC_URL's host (the
   * provider's redirect URI), where the flow cookie set here is sent again: a browser on another
   * name of this server (127.0.0.1 for localhost) is first sent there, once (`redirected`: a
   * proxy that rewrites Host must not make that a loop).
   */
  async start(returnUrl: string | undefined, requestHost: string | undefined, redirected: boolean): Promise<OidcRedirect> {
    const target = safeReturnUrl(returnUrl);
    if (!redirected && requestHost && requestHost.toLowerCase() !== new URL(this.config.publicUrl).host) {
      const again = `${this.config.publicUrl}${OIDC_LOGIN_PATH}?returnUrl=${encodeURIComponent(target)}&redirected=1`;
      return { location: again, cookies: [] };
    }
    try {
      this.requireOidc();
      const checks = OidcRepository.randomChecks();
      const location = await this.provider.authorizationUrl(checks);
      const flowId = this.flows.add(checks, target);
      return { location, cookies: [this.flowCookie(flowId, OIDC_FLOW_TTL_MS / 1000)] };
    } catch (error) {
      return this.failed(error);
    }
  }

  /** Handles the provider's answer: `search` is the query string the browser came back to the callback with. */
  async finish(search: string, cookieHeader: string | undefined): Promise<OidcRedirect> {
    const flow = this.flows.take(parse(cookieHeader ?? '')[FLOW_COOKIE]);
    const clear = this.flowCookie('', 0);
    try {
      const oidc = this.requireOidc();
      if (!flow) {
        throw new OidcSignInError('This sign-in expired or was started in another browser; start it again');
      }
      // Built on the public URL, not the Host header: openid-client takes the redirect URI from it.
      const callbackUrl = new URL(`${this.provider.redirectUri}${search}`);
      const claims = await this.provider.exchange(callbackUrl, flow);
      const user = await this.userFor(claims, oidc);
      const secret = await this.sessions.start(user.id, false);
      await this.users.setLastLogin(user.id, new Date().toISOString());
      this.logger.log(`Single sign-on: user ${user.id} (${user.username}) signed in as ${user.role}`);
      return { location: flow.returnUrl, cookies: [clear, sessionCookie(secret, this.config)] };
    } catch (error) {
      const redirect = this.failed(error);
      return { ...redirect, cookies: [clear] };
    }
  }

  /** Finds the user linked to (issuer, subject) or creates one; the claim sets the role at every sign-in. */
  private async userFor(claims: OidcClaims, oidc: OidcConfig): Promise<UserRow> {
    const profile = profileFromClaims(claims, oidc.roleClaim, oidc.defaultRole);
    const existing = await this.users.getByOidc(claims.iss, claims.sub);
    if (existing?.disabled) {
      throw new OidcSignInError(`The MedSeg account ${existing.username} is disabled; ask an admin to enable it`);
    }
    if (existing) {
      if (existing.role === profile.role && existing.display_name === profile.displayName) return existing;
      if (existing.role !== profile.role) {
        this.logger.log(`Single sign-on: user ${existing.id} role ${existing.role} → ${profile.role} (claim ${oidc.roleClaim})`);
      }
      try {
        return await this.userService.update(existing.id, { displayName: profile.displayName, role: profile.role });
      } catch (error) {
        // The provider demoted the last enabled admin: refuse rather than lock every admin out.
        if (error instanceof ConflictException) throw new OidcSignInError(error.message);
        throw error;
      }
    }
    for (const username of usernameCandidates(profile.username)) {
      if (await this.users.getByUsername(username)) continue;
      const user = await this.userService.create({
        ...profile,
        username,
        passwordHash: null,
        oidc: { issuer: claims.iss, subject: claims.sub },
      });
      this.logger.log(`Single sign-on: created user ${user.id} (${user.username}, ${user.role}) for ${claims.iss}`);
      return user;
    }
    throw new Error('unreachable: usernameCandidates never ends');
  }

  private requireOidc(): OidcConfig {
    if (!this.config.oidc) throw new OidcSignInError('Single sign-on is not configured on this server');
    return this.config.oidc;
  }

  private failed(error: unknown): OidcRedirect {
    if (!(error instanceof OidcSignInError)) {
      this.logger.error(`Single sign-on failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    const message = error instanceof OidcSignInError ? error.message : 'Single sign-on failed on this server; try again';
    return { location: `/login?error=${encodeURIComponent(message)}`, cookies: [] };
  }

  private flowCookie(value: string, maxAgeS: number): string {
    return serialize(FLOW_COOKIE, value, {
      httpOnly: true,
      sameSite: 'lax',
      path: FLOW_COOKIE_PATH,
      maxAge: maxAgeS,
      secure: this.config.publicUrl.startsWith('https:'),
    });
  }
}
