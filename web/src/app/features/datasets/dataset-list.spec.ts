import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { SEARCH_DEBOUNCE_MS } from '../../shared/list-filter';
import { XHR_FACTORY } from '../../shared/xhr-upload';
import { datasetDto, page } from '../../testing/dataset-fixtures';
import { GRACE, SHARED_BY_GRACE, UNOWNED } from '../../testing/owner-fixtures';
import { FakeXhr } from '../../testing/fake-xhr';
import { type DatasetDto, type Page } from './dataset.model';
import { DATASETS_URL } from './dataset.service';
import { DatasetList, LIST_POLL_MS } from './dataset-list';
import { signIn } from '../../testing/auth-fixtures';

describe('DatasetList', () => {
  let fixture: ComponentFixture<DatasetList>;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [DatasetList],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: XHR_FACTORY, useFactory: () => FakeXhr.factory() },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    await signIn('researcher');
  });

  afterEach(() => {
    http.verify();
    vi.useRealTimers();
  });

  const listRequest = (r: { url: string; method: string }) =>
    r.url === DATASETS_URL && r.method === 'GET';

  async function render(body: Page<DatasetDto>): Promise<void> {
    fixture = TestBed.createComponent(DatasetList);
    fixture.detectChanges();
    http.expectOne(listRequest).flush(body);
    await fixture.whenStable();
  }

  function el(): HTMLElement {
    return fixture.nativeElement;
  }

  function rows(): HTMLElement[] {
    return Array.from(el().querySelectorAll('[data-testid="dataset-row"]'));
  }

  function byTestId(id: string): HTMLElement | null {
    return el().querySelector(`[data-testid="${id}"]`);
  }

  function zipFile(name: string, size = 100): File {
    return new File([new Uint8Array(size)], name);
  }

  function drop(files: File[]): void {
    const event = new Event('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(event, 'dataTransfer', { value: { files } });
    byTestId('dataset-drop-zone')!.dispatchEvent(event);
  }

  function chooseFile(file: File): void {
    const input = byTestId('dataset-file-input') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change'));
  }

  it('renders a row per dataset with its status chip, pairs, size and a link', async () => {
    await render(
      page([
        datasetDto({ id: 'a', name: 'brain' }),
        datasetDto({
          id: 'b',
          name: 'liver',
          status: 'uploaded',
          progress: { phase: 'decoding', done: 120, total: 181 },
        }),
        datasetDto({ id: 'c', name: 'broken', status: 'error', errors: ['No masks found'] }),
      ]),
    );

    const [brain, liver, broken] = rows();
    expect(rows().map((r) => [r.dataset['name'], r.dataset['status']])).toEqual([
      ['brain', 'ready'],
      ['liver', 'uploaded'],
      ['broken', 'error'],
    ]);
    expect(brain.querySelector('[data-testid="dataset-status"]')?.textContent).toContain('Ready');
    expect(brain.textContent).toContain('181');
    expect(brain.textContent).toContain('80.0 MB');
    expect(brain.querySelector('a')?.getAttribute('href')).toBe('/a');
    const inspecting = liver.querySelector('[data-testid="dataset-status"]')?.textContent;
    expect(inspecting).toContain('Inspecting…');
    expect(inspecting).toContain('decoding 120/181');
    expect(broken.querySelector('[data-testid="dataset-status"]')?.textContent).toContain('Error');
  });

  it('shows who owns each dataset and whether it is shared', async () => {
    await render(
      page([
        datasetDto({ id: 'a', name: 'mine' }),
        datasetDto({ id: 'b', name: 'graces', ...SHARED_BY_GRACE }),
        datasetDto({ id: 'c', name: 'legacy', ...UNOWNED }),
      ]),
    );

    const cells = rows().map((r) => [
      r.querySelector('[data-testid="owner-name"]')?.textContent?.trim(),
      r.querySelector('[data-testid="visibility"]')?.getAttribute('data-visibility'),
      r.querySelector('[data-testid="visibility"] .label')?.textContent?.trim(),
    ]);
    expect(cells).toEqual([
      ['Ada Lovelace', 'private', 'Private'],
      [GRACE.displayName, 'shared', 'Shared'],
      ['—', 'shared', 'Shared'],
    ]);
    const none = rows()[2].querySelector('[data-testid="owner-name"]')!;
    expect(none.getAttribute('aria-label')).toContain('Stored before accounts; admins manage it');
  });

  it("asks the gateway for others' datasets when the owner filter says so", async () => {
    await render(page([datasetDto()]));

    byTestId('list-owner')!.querySelector<HTMLElement>('.mat-mdc-select-trigger')!.click();
    await fixture.whenStable();
    Array.from(document.querySelectorAll<HTMLElement>('mat-option'))
      .find((o) => o.textContent?.includes('Others’'))!
      .click();
    await fixture.whenStable();

    const req = http.expectOne(listRequest);
    expect(req.request.params.get('owner')).toBe('others');
    expect(req.request.params.get('page')).toBe('1');
    req.flush(page([], 0));
    await fixture.whenStable();
    // A filter that matches nothing is not an empty lab.
    expect(byTestId('list-no-match')).not.toBeNull();
  });

  it('says how many warnings a ready dataset has instead of a plain Ready', async () => {
    await render(
      page([
        datasetDto({ id: 'a', name: 'clean' }),
        datasetDto({ id: 'b', name: 'skipped some', warningCount: 3 }),
      ]),
    );

    const chips = rows().map((r) =>
      r.querySelector('[data-testid="dataset-status"] .label')?.textContent?.trim(),
    );
    expect(chips).toEqual(['Ready', 'Ready · 3 warnings']);
  });

  it('asks the gateway for the datasets whose name matches the search, once typing pauses', async () => {
    await render(page([datasetDto()]));

    const search = byTestId('list-search') as HTMLInputElement;
    search.value = 'bra';
    search.dispatchEvent(new Event('input'));
    search.value = 'brain';
    search.dispatchEvent(new Event('input'));
    http.expectNone(listRequest);
    await new Promise((resolve) => setTimeout(resolve, SEARCH_DEBOUNCE_MS + 20));

    const req = http.expectOne(listRequest);
    expect(req.request.params.get('search')).toBe('brain');
    expect(req.request.params.get('page')).toBe('1');
    expect(req.request.params.has('status')).toBe(false);
    req.flush(page([], 0));
    await fixture.whenStable();

    expect(byTestId('list-no-match')?.textContent).toContain('No dataset matches this search');
    expect(el().textContent).not.toContain('No datasets yet');
    expect((byTestId('list-search') as HTMLInputElement).value).toBe('brain');
  });

  it('shows an empty state when there are no datasets', async () => {
    await render(page([], 0));

    expect(rows()).toEqual([]);
    expect(el().textContent).toContain('No datasets yet');
    expect(byTestId('dataset-drop-zone')).not.toBeNull();
  });

  it('shows why the list could not be loaded', async () => {
    fixture = TestBed.createComponent(DatasetList);
    fixture.detectChanges();
    http.expectOne(listRequest).flush(null, { status: 503, statusText: 'Service Unavailable' });
    await fixture.whenStable();

    expect(byTestId('list-error')?.textContent).toContain(
      'The gateway is not available (HTTP 503)',
    );
  });

  it('asks the gateway to sort when a column header is clicked', async () => {
    await render(page([datasetDto()]));

    const header = Array.from(el().querySelectorAll<HTMLElement>('th')).find((th) =>
      th.textContent?.includes('Name'),
    );
    header!.querySelector<HTMLElement>('.mat-sort-header-container')!.click();

    const req = http.expectOne(listRequest);
    expect(req.request.params.get('sort')).toBe('name');
    expect(req.request.params.get('order')).toBe('asc');
    expect(req.request.params.get('page')).toBe('1');
    req.flush(page([datasetDto()]));
  });

  it('polls every second while a dataset is inspected, and stops once none is', async () => {
    vi.useFakeTimers();
    const inspecting = datasetDto({ status: 'uploaded' });
    fixture = TestBed.createComponent(DatasetList);
    fixture.detectChanges();
    http.expectOne(listRequest).flush(page([inspecting]));
    fixture.detectChanges();

    vi.advanceTimersByTime(LIST_POLL_MS - 1);
    http.expectNone(listRequest);
    vi.advanceTimersByTime(1);
    http.expectOne(listRequest).flush(page([inspecting]));
    fixture.detectChanges();

    vi.advanceTimersByTime(LIST_POLL_MS);
    http.expectOne(listRequest).flush(page([datasetDto({ status: 'ready' })]));
    fixture.detectChanges();
    expect(rows()[0].dataset['status']).toBe('ready');

    vi.advanceTimersByTime(5 * LIST_POLL_MS);
    http.expectNone(listRequest);
  });

  it('rejects a dropped file that is not a ZIP without uploading it', async () => {
    await render(page([datasetDto()]));

    drop([zipFile('scan.png')]);
    await fixture.whenStable();

    expect(byTestId('upload-message')?.textContent).toContain('“scan.png” is not a ZIP archive');
    expect(FakeXhr.created).toEqual([]);
    expect(byTestId('upload-progress')).toBeNull();
  });

  it('highlights the drop zone while a file is dragged over it', async () => {
    await render(page([datasetDto()]));
    const zone = byTestId('dataset-drop-zone')!;

    zone.dispatchEvent(new Event('dragover', { bubbles: true, cancelable: true }));
    await fixture.whenStable();
    expect(zone.classList).toContain('dragging');

    zone.dispatchEvent(new Event('dragleave', { bubbles: true }));
    await fixture.whenStable();
    expect(zone.classList).not.toContain('dragging');
  });

  it('uploads a dropped ZIP with the given name, shows progress and the new row', async () => {
    await render(page([], 0));
    const name = el().querySelector<HTMLInputElement>('[data-testid="upload-name"]')!;
    name.value = 'Brain MR';
    name.dispatchEvent(new Event('input'));

    drop([zipFile('brain.zip', 80_000_000 / 1000)]);
    await fixture.whenStable();
    const xhr = FakeXhr.last();
    expect(xhr.body?.get('name')).toBe('Brain MR');

    xhr.progress(12_300_000, 80_000_000);
    await fixture.whenStable();
    expect(byTestId('upload-progress')?.textContent).toContain('12.3 MB of 80.0 MB');

    xhr.respond(201, datasetDto({ name: 'Brain MR', status: 'uploaded' }));
    http.expectOne(listRequest).flush(page([datasetDto({ name: 'Brain MR', status: 'uploaded' })]));
    await fixture.whenStable();

    expect(byTestId('upload-progress')).toBeNull();
    expect(rows().map((r) => r.dataset['name'])).toEqual(['Brain MR']);
  });

  it('opens the file chooser from the keyboard: the drop zone is a focusable button', async () => {
    await render(page([], 0));
    const zone = byTestId('dataset-drop-zone')!;
    const input = byTestId('dataset-file-input') as HTMLInputElement;
    const opened = vi.spyOn(input, 'click').mockImplementation(() => undefined);

    expect(zone.getAttribute('role')).toBe('button');
    expect(zone.tabIndex).toBe(0);
    expect(zone.getAttribute('aria-label')).toContain('Upload a ZIP archive');
    zone.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    const space = new KeyboardEvent('keydown', { key: ' ', bubbles: true, cancelable: true });
    zone.dispatchEvent(space);

    expect(opened).toHaveBeenCalledTimes(2);
    expect(space.defaultPrevented).toBe(true);
  });

  it('cancels a running upload and aborts the request', async () => {
    await render(page([], 0));
    chooseFile(zipFile('big.zip'));
    await fixture.whenStable();
    expect(byTestId('upload-progress')).not.toBeNull();

    byTestId('upload-cancel')!.click();
    await fixture.whenStable();

    expect(FakeXhr.last().aborted).toBe(true);
    expect(byTestId('upload-progress')).toBeNull();
    expect(byTestId('upload-message')?.textContent).toContain('cancelled');
  });

  it('shows the gateway message when an upload is refused', async () => {
    await render(page([], 0));
    chooseFile(zipFile('fake.zip'));
    await fixture.whenStable();

    FakeXhr.last().respond(400, { statusCode: 400, message: 'fake.zip is not a ZIP archive' });
    await fixture.whenStable();

    expect(byTestId('upload-message')?.textContent).toContain(
      'Upload failed: fake.zip is not a ZIP archive',
    );
  });

  it('refuses to import a URL that is not http or https', async () => {
    await render(page([], 0));
    const url = el().querySelector<HTMLInputElement>('[data-testid="import-url"]')!;
    url.value = 'ftp://example.org/d.zip';
    url.dispatchEvent(new Event('input'));
    byTestId('import-submit')!.click();
    await fixture.whenStable();

    expect(byTestId('import-url-error')?.textContent).toContain('Only http:// and https://');
    http.expectNone(`${DATASETS_URL}/import`);
  });

  it('imports from a URL with a progress bar that can be cancelled', async () => {
    await render(page([], 0));
    const url = el().querySelector<HTMLInputElement>('[data-testid="import-url"]')!;
    url.value = 'https://example.org/d.zip';
    url.dispatchEvent(new Event('input'));
    byTestId('import-submit')!.click();
    await fixture.whenStable();

    const req = http.expectOne(`${DATASETS_URL}/import`);
    expect(req.request.body).toEqual({ url: 'https://example.org/d.zip' });
    expect(byTestId('import-progress')).not.toBeNull();

    byTestId('import-cancel')!.click();
    await fixture.whenStable();
    expect(req.cancelled).toBe(true);
    expect(byTestId('import-progress')).toBeNull();
  });
});
