import { describe, expect, it } from 'vitest';
import { RefusedUrlError, checkUrl, isBlockedAddress } from './guarded-download';

describe('isBlockedAddress', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::5', '::ffff:127.0.0.1', '224.0.0.1'])(
    'blocks %s',
    (address) => expect(isBlockedAddress(address)).toBe(true),
  );

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '172.32.0.1'])('allows public %s', (address) =>
    expect(isBlockedAddress(address)).toBe(false),
  );
});

describe('checkUrl', () => {
  it('accepts public http and https URLs', () => {
    expect(checkUrl('https://example.org/a.zip', false).hostname).toBe('example.org');
  });

  it.each([
    ['ftp://example.org/a.zip', /Only http:\/\/ and https:\/\//],
    ['file:///etc/passwd', /Only http:\/\/ and https:\/\//],
    ['not a url', /is not a URL/],
    ['http://user:pw@example.org/a.zip', /user name or password/],
    ['http://127.0.0.1:8333/medseg/x', /loopback, private or link-local.*MEDSEG_IMPORT_ALLOW_PRIVATE/],
    ['http://[::1]/x', /loopback/],
    ['http://localhost/x', /loopback/],
    ['http://169.254.169.254/latest/meta-data', /link-local/],
  ])('refuses %s', (url, message) => {
    expect(() => checkUrl(url, false)).toThrow(RefusedUrlError);
    expect(() => checkUrl(url, false)).toThrow(message);
  });

  it('lets private addresses through when allowed by config', () => {
    expect(checkUrl('http://127.0.0.1:9000/a.zip', true).port).toBe('9000');
  });
});
