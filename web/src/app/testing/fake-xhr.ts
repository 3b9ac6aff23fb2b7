/**
 * Stand-in for XMLHttpRequest in unit tests: records what was sent and lets the test drive
 * upload progress and the answer. Only what `xhrUpload` uses is implemented.
 */
export class FakeXhr {
  static created: FakeXhr[] = [];

  method = '';
  url = '';
  body: FormData | null = null;
  headers: Record<string, string> = {};
  aborted = false;
  status = 0;
  statusText = '';
  responseText = '';
  readonly upload: { onprogress: ((event: ProgressEvent) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;

  constructor() {
    FakeXhr.created.push(this);
  }

  static last(): FakeXhr {
    const xhr = FakeXhr.created.at(-1);
    if (!xhr) throw new Error('No request was made');
    return xhr;
  }

  static factory(): () => XMLHttpRequest {
    FakeXhr.created = [];
    return () => new FakeXhr() as unknown as XMLHttpRequest;
  }

  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
  }

  setRequestHeader(name: string, value: string): void {
    this.headers[name] = value;
  }

  send(body: FormData): void {
    this.body = body;
  }

  abort(): void {
    this.aborted = true;
  }

  progress(loaded: number, total: number): void {
    this.upload.onprogress?.({ loaded, total, lengthComputable: true } as ProgressEvent);
  }

  respond(status: number, body: unknown, statusText = ''): void {
    this.status = status;
    this.statusText = statusText;
    this.responseText = typeof body === 'string' ? body : JSON.stringify(body);
    this.onload?.();
  }

  fail(): void {
    this.onerror?.();
  }
}
