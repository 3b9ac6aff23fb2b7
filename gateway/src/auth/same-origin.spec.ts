import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { roleAtLeast } from './caller';
import { assertSameOrigin } from './same-origin';

const req = (method: string, headers: Record<string, string>) => ({ method, headers }) as unknown as Request;

describe('same-origin check', () => {
  it('accepts a POST whose Origin, or else Referer, has the request host', () => {
    expect(() => assertSameOrigin(req('POST', { host: '127.0.0.1:8080', origin: 'http://127.0.0.1:8080' }), { required: true })).not.toThrow();
    expect(() => assertSameOrigin(req('DELETE', { host: 'lab:8080', referer: 'http://lab:8080/datasets' }), { required: true })).not.toThrow();
  });

  it('refuses another host or port, "null" and a missing Origin when one is required', () => {
    const refused = /^Cross-site request refused: .*API token/;
    expect(() => assertSameOrigin(req('POST', { host: '127.0.0.1:8080', origin: 'http://evil.example' }), { required: false })).toThrow(refused);
    expect(() => assertSameOrigin(req('POST', { host: '127.0.0.1:8080', origin: 'http://127.0.0.1:4200' }), { required: true })).toThrow(refused);
    expect(() => assertSameOrigin(req('PUT', { host: '127.0.0.1:8080', origin: 'null' }), { required: true })).toThrow(refused);
    expect(() => assertSameOrigin(req('POST', { host: '127.0.0.1:8080' }), { required: true })).toThrow(/names no Origin/);
    expect(() => assertSameOrigin(req('POST', { host: '127.0.0.1:8080' }), { required: false })).not.toThrow();
  });

  it('lets reads through whatever they name', () => {
    expect(() => assertSameOrigin(req('GET', { host: 'a', origin: 'http://b' }), { required: true })).not.toThrow();
  });
});

describe('roles', () => {
  it('orders viewer < researcher < admin', () => {
    expect(roleAtLeast('admin', 'researcher')).toBe(true);
    expect(roleAtLeast('researcher', 'researcher')).toBe(true);
    expect(roleAtLeast('viewer', 'researcher')).toBe(false);
    expect(roleAtLeast('researcher', 'admin')).toBe(false);
  });
});
