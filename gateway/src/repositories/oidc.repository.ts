import { Inject, Injectable, Logger } from '@nestjs/common';
import * as client from 'openid-client';
import type { GatewayConfig, OidcConfig } from '../config';
import type { OidcClaims } from '../services/oidc-profile';
import { CONFIG } from '../tokens';

export const OIDC_CALLBACK_PATH = '/api/auth/oidc/callback';

/** What ties a provider's answer to the sign-in this gateway started: all three are single-use. */
export interface OidcChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** A sign-in that cannot go on; the message is written for the person on the login page. */
export class OidcSignInError extends Error {
  override name = 'OidcSignInError';
}

const PROVIDER_TIMEOUT_S = 10;

/**
 * The OpenID provider behind openid-client, the only file that sees it: discovery (once, retried
 * after a failure, so the gateway starts while the provider is down), the authorization URL and
 * the code exchange with its checks. Its errors become OidcSignInError here and nowhere else.
 */
@Injectable()
export class OidcRepository {
  private readonly logger = new Logger(OidcRepository.name);
  private discovered: Promise<client.Configuration> | null = null;

  constructor(@Inject(CONFIG) private readonly config: GatewayConfig) {}

  get redirectUri(): string {
    return `${this.config.publicUrl}${OIDC_CALLBACK_PATH}`;
  }

  static randomChecks(): OidcChecks {
    return { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
  }

  async authorizationUrl(checks: OidcChecks): Promise<string> {
    const configuration = await this.configuration();
    return client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: this.oidc.scopes,
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
    }).href;
  }

  /** Validates the provider's answer at `callbackUrl`, redeems the code and returns who signed in. */
  async exchange(callbackUrl: URL, checks: OidcChecks): Promise<OidcClaims> {
    const configuration = await this.configuration();
    try {
      const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims()!;
      // Many providers put profile and custom claims in the userinfo answer only; the ID token's
      // issuer and subject stay authoritative.
      const userinfo = configuration.serverMetadata().userinfo_endpoint
        ? await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub)
        : {};
      return { ...idClaims, ...userinfo, iss: idClaims.iss, sub: idClaims.sub };
    } catch (error) {
      throw this.signInError(error);
    }
  }

  private get oidc(): OidcConfig {
    if (!this.config.oidc) throw new OidcSignInError('Single sign-on is not configured on this server');
    return this.config.oidc;
  }

  private configuration(): Promise<client.Configuration> {
    const oidc = this.oidc;
    this.discovered ??= client
      .discovery(new URL(oidc.issuer), oidc.clientId, oidc.clientSecret, undefined, {
        execute: oidc.allowHttp ? [client.allowInsecureRequests] : [],
        timeout: PROVIDER_TIMEOUT_S,
      })
      .then((configuration) => {
        configuration.timeout = PROVIDER_TIMEOUT_S;
        this.logger.log(`Single sign-on: discovered ${oidc.issuer}`);
        return configuration;
      })
      .catch((error: unknown) => {
        this.discovered = null;
        this.logger.warn(`Single sign-on: discovery of ${oidc.issuer} failed: ${describe(error)}`);
        throw new OidcSignInError('The single sign-on provider cannot be reached; try again later');
      });
    return this.discovered;
  }

  private signInError(error: unknown): OidcSignInError {
    if (error instanceof client.AuthorizationResponseError) {
      const reason = (error.error_description || error.error || 'no reason given').slice(0, 200);
      return new OidcSignInError(`The single sign-on provider refused the sign-in: ${reason}`);
    }
    this.logger.warn(`Single sign-on: sign-in failed: ${describe(error)}`);
    if (error instanceof client.ResponseBodyError) {
      return new OidcSignInError('The single sign-on provider did not accept this sign-in; try again');
    }
    if (unreachable(error)) {
      return new OidcSignInError('The single sign-on provider cannot be reached; try again later');
    }
    return new OidcSignInError('This sign-in could not be verified; start it again');
  }
}

function unreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (error instanceof TypeError && error.message === 'fetch failed') || error.name === 'TimeoutError' || error.name === 'AbortError';
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.name}${code ? ` ${String(code)}` : ''}: ${error.message}${cause}`;
}
