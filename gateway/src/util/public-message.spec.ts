import { describe, expect, it } from 'vitest';
import { publicMessage } from './public-message';

describe('publicMessage', () => {
  it.each([
    ["cannot identify image file '/data/ml-cache/inspect/inspect-x1/archive/images/a.png'", "cannot identify image file '…/a.png'"],
    ['[Errno 2] No such file or directory: /tmp/tmpab12/checkpoint.pt', '[Errno 2] No such file or directory: …/checkpoint.pt'],
    ['failed in /usr/lib/python3.11/site-packages/PIL/Image.py', 'failed in …/Image.py'],
    ['open C:\\Users\\lab\\AppData\\Local\\Temp\\x.nii failed', 'open …/x.nii failed'],
  ])('shortens the file-system path in %s', (raw, shown) => {
    expect(publicMessage(raw)).toBe(shown);
  });

  it('drops the signature of a presigned URL but keeps where it points', () => {
    expect(publicMessage('GET http://s3:8333/medseg/datasets/d1/archive.zip?X-Amz-Signature=abc&X-Amz-Credential=k failed (503)')).toBe(
      'GET http://s3:8333/medseg/datasets/d1/archive.zip?… failed (503)',
    );
  });

  it('cuts a stack trace off', () => {
    expect(publicMessage('Training failed: boom\nTraceback (most recent call last):\n  File "/app/x.py", line 3')).toBe('Training failed: boom');
    expect(publicMessage('TypeError: x is undefined\n    at f (/srv/gateway/dist/a.js:1:2)')).toBe('TypeError: x is undefined');
    expect(publicMessage('Traceback (most recent call last):\n  File "/app/x.py"')).toBe('Internal server error');
  });

  it.each([
    'Mask masks/case_007.png is 32x64 but its image is 64x64',
    'The thumbnail of pair 3 is missing from storage; run POST /api/admin/resync',
    'Set a password first (PUT /api/auth/password)',
    'S3 unavailable at http://127.0.0.1:8333 (ECONNREFUSED): storage is down; try again once it is back',
    'content type image/png is not accepted; sliceIndex must be 0..3/4',
  ])('leaves a message meant for a person alone: %s', (message) => {
    expect(publicMessage(message)).toBe(message);
  });
});
