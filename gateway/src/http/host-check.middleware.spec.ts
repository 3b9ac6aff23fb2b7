import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { hostCheck } from './host-check.middleware';

function outcome(publicUrl: string, host: string | undefined): number | 'next' {
  let status: number | 'next' = 'next';
  const res = { status: (code: number) => ((status = code), { json: () => undefined }) };
  hostCheck(publicUrl)({ headers: { host } } as Request, res as unknown as Response, () => undefined);
  return status;
}

describe('hostCheck', () => {
  it.each([
    ['http://localhost:8080', 'localhost:8080'],
    ['http://localhost:8080', '127.0.0.1:3000'],
    ['http://localhost:8080', '[::1]'],
    ['https://medseg.example.org', 'medseg.example.org'],
    ['https://medseg.example.org', 'MedSeg.Example.org'],
    ['http://[fd00::5]:8080', '[fd00::5]:8080'],
  ])('lets %s be reached as %s', (publicUrl, host) => {
    expect(outcome(publicUrl, host)).toBe('next');
  });

  it.each([
    ['https://medseg.example.org', 'medseg.example.org:8443'],
    ['https://medseg.example.org', 'evil.example'],
    ['http://localhost:8080', 'localhost.evil.example'],
    ['http://localhost:8080', '127.0.0.2:8080'],
    ['http://localhost:8080', undefined],
  ])('refuses %s as %s with 421', (publicUrl, host) => {
    expect(outcome(publicUrl, host)).toBe(421);
  });
});
