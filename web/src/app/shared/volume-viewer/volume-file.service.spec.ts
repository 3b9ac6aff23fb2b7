import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { VolumeFileService, inferenceResultFiles } from './volume-file.service';

/** Text as an ArrayBuffer of this realm (the gateway's JSON error body of an arraybuffer request). */
function bytesOf(text: string): ArrayBuffer {
  const encoded = new TextEncoder().encode(text);
  const buffer = new ArrayBuffer(encoded.length);
  new Uint8Array(buffer).set(encoded);
  return buffer;
}

describe('VolumeFileService', () => {
  let http: HttpTestingController;
  let service: VolumeFileService;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    service = TestBed.inject(VolumeFileService);
  });

  afterEach(() => http.verify());

  it('names the REST routes of a stored volume result', () => {
    expect(inferenceResultFiles('r 1', true)).toEqual({
      image: { url: '/api/inference-results/r%201/volume/image.nii.gz', name: 'image.nii.gz' },
      prediction: { url: '/api/inference-results/r%201/volume/mask.nii.gz', name: 'mask.nii.gz' },
      truth: {
        url: '/api/inference-results/r%201/volume/ground-truth.nii.gz',
        name: 'ground-truth.nii.gz',
      },
    });
    expect(inferenceResultFiles('r1', false).truth).toBeNull();
  });

  it('fetches the bytes once and says what failed with the gateway`s sentence', async () => {
    const file = { url: '/api/datasets/d1/cases/0/mask.nii.gz', name: 'mask.nii.gz' };
    const bytes = service.fetch(file);
    const req = http.expectOne(file.url);
    expect(req.request.responseType).toBe('arraybuffer');
    req.flush(new Uint8Array([31, 139]).buffer);
    expect(new Uint8Array(await bytes)).toEqual(new Uint8Array([31, 139]));

    const missing = service.fetch(file);
    http.expectOne(file.url).flush(bytesOf('{"message":"Case 0 is unlabeled"}'), {
      status: 404,
      statusText: 'Not Found',
    });
    await expect(missing).rejects.toThrow('Could not load mask.nii.gz: Case 0 is unlabeled');
  });
});
