import { describe, expect, it } from 'vitest';
import { OIDC_FLOW_TTL_MS, OidcFlowStore } from './oidc-flow.store';

const checks = { state: 's', nonce: 'n', codeVerifier: 'v' };

describe('OidcFlowStore', () => {
  it('hands a flow out once, to the id it was stored under', () => {
    const flows = new OidcFlowStore();
    const id = flows.add(checks, '/models', 1000);
    expect(flows.take('another id', 1001)).toBeNull();
    expect(flows.take(id, 1001)).toMatchObject({ ...checks, returnUrl: '/models' });
    expect(flows.take(id, 1002)).toBeNull();
    expect(flows.take(undefined)).toBeNull();
  });

  it('refuses a flow past its lifetime and drops expired ones when adding', () => {
    const flows = new OidcFlowStore();
    const old = flows.add(checks, '/', 0);
    expect(flows.take(old, OIDC_FLOW_TTL_MS)).toBeNull();
    flows.add(checks, '/', 0);
    flows.add(checks, '/', OIDC_FLOW_TTL_MS + 1);
    expect(flows.size).toBe(1);
  });

  it('keeps at most 10 000 flows, dropping the oldest', () => {
    const flows = new OidcFlowStore();
    const first = flows.add(checks, '/', 0);
    for (let i = 0; i < 10_000; i += 1) flows.add(checks, '/', 1);
    expect(flows.size).toBe(10_000);
    expect(flows.take(first, 2)).toBeNull();
  });
});
