import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { OidcChecks } from '../repositories/oidc.repository';

/** A sign-in between the redirect to the provider and its answer. */
export interface OidcFlow extends OidcChecks {
  returnUrl: string;
  expiresAt: number;
}

export const OIDC_FLOW_TTL_MS = 10 * 60_000;
/** The start route is public: a cap keeps anonymous requests from filling memory. */
const MAX_FLOWS = 10_000;

/**
 * Sign-ins in progress, in memory: keyed by a random id that only the browser that started the
 * sign-in holds (in an HttpOnly cookie), so a provider answer someone else obtained cannot sign
 * this browser in (login CSRF). Each is taken once. A gateway restart drops them: the person
 * starts again.
 */
@Injectable()
export class OidcFlowStore {
  private readonly flows = new Map<string, OidcFlow>();

  add(checks: OidcChecks, returnUrl: string, now = Date.now()): string {
    this.prune(now);
    const id = randomBytes(32).toString('base64url');
    this.flows.set(id, { ...checks, returnUrl, expiresAt: now + OIDC_FLOW_TTL_MS });
    return id;
  }

  /** The flow under `id` if it has not expired; it is removed either way. */
  take(id: string | null | undefined, now = Date.now()): OidcFlow | null {
    if (!id) return null;
    const flow = this.flows.get(id);
    this.flows.delete(id);
    return flow && flow.expiresAt > now ? flow : null;
  }

  get size(): number {
    return this.flows.size;
  }

  private prune(now: number): void {
    // Insertion order is expiry order (one TTL for all), so expired flows sit at the front.
    for (const [id, flow] of this.flows) {
      if (flow.expiresAt > now && this.flows.size < MAX_FLOWS) break;
      this.flows.delete(id);
    }
  }
}
