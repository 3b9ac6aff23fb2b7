import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ApiError } from '../api-error';
import { GuidedSessionClient } from './guided-session.client';

/** Text as an ArrayBuffer of this realm (the gateway's JSON error body of an arraybuffer request). */
function bytesOf(text: string): ArrayBuffer {
  const encoded = new TextEncoder().encode(text);
  const buffer = new ArrayBuffer(encoded.length);
  new Uint8Array(buffer).set(encoded);
  return buffer;
}

describe('GuidedSessionClient', () => {
  let http: HttpTestingController;
  let client: GuidedSessionClient;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    client = TestBed.inject(GuidedSessionClient);
  });

  afterEach(() => http.verify());

  it('opens a session on a stored case', async () => {
    const opened = client.open('m 1', 'd1', 3);
    const req = http.expectOne('/api/models/m%201/sessions');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ datasetId: 'd1', caseIndex: 3 });
    req.flush({ id: 's1' });
    expect((await opened).id).toBe('s1');
  });

  it('sends every prompt and reads the patch box, revision and bytes', async () => {
    const prompts = [
      { kind: 'point' as const, classIndex: 1, points: [1, 2, 0], planeAxis: 2 as const },
    ];
    const answer = client.prompt('s1', prompts);
    const req = http.expectOne('/api/sessions/s1/prompts');
    expect(req.request.body).toEqual({ prompts });
    expect(req.request.responseType).toBe('arraybuffer');
    req.flush(bytesOf('zz'), {
      headers: { 'X-Mask-Box': '1,2,0,3,4,1', 'X-Session-Revision': '5' },
    });
    const got = await answer;
    expect(got.box).toEqual({ x: 1, y: 2, z: 0, sizeX: 3, sizeY: 4, sizeZ: 1 });
    expect(got.revision).toBe(5);
    expect(got.voxels.byteLength).toBe(2);
  });

  it("reads the gateway's message out of an error's bytes, 410 kept for a reopen", async () => {
    const answer = client.prompt('s1', []);
    http
      .expectOne('/api/sessions/s1/prompts')
      .flush(bytesOf(JSON.stringify({ statusCode: 410, message: 'Session s1 is gone' })), {
        status: 410,
        statusText: 'Gone',
      });
    const error = await answer.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(410);
    expect((error as ApiError).message).toBe('Session s1 is gone');
  });

  it('takes a session already gone as closed', async () => {
    const closed = client.close('s1');
    http.expectOne('/api/sessions/s1').flush(null, { status: 410, statusText: 'Gone' });
    await expect(closed).resolves.toBeUndefined();
  });
});
