import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { Router, provideRouter } from '@angular/router';
import {
  caseDto,
  datasetDto,
  detailDto,
  page,
  pairDto,
  volumeDetailDto,
} from '../../testing/dataset-fixtures';
import { type DatasetDetailDto } from './dataset.model';
import { DATASETS_URL, PAIRS_PAGE_SIZE } from './dataset.service';
import { DETAIL_POLL_MS, DatasetDetail, WARNINGS_FOLDED } from './dataset-detail';
import { signIn } from '../../testing/auth-fixtures';
import { SHARED_BY_GRACE } from '../../testing/owner-fixtures';

@Component({ template: '' })
class ListStub {}

const ID = datasetDto().id;
const DETAIL_URL = `${DATASETS_URL}/${ID}`;
const PAIRS_URL = `${DETAIL_URL}/pairs`;

describe('DatasetDetail', () => {
  let fixture: ComponentFixture<DatasetDetail>;
  let http: HttpTestingController;

  function configure(): void {
    TestBed.configureTestingModule({
      imports: [DatasetDetail],
      providers: [
        provideRouter([{ path: 'datasets', component: ListStub }]),
        provideHttpClient(),
        provideHttpClientTesting(),
        // Dialogs report afterClosed() only once their exit animation ends.
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  }

  beforeEach(async () => {
    configure();
    await signIn('researcher');
  });

  afterEach(() => {
    // The versions section asks on its own (dataset-versions.spec.ts covers it).
    http.match((r) => r.url.endsWith('/versions')).forEach((r) => r.flush([]));
    // So does the auto fine-tune section (dataset-auto-fine-tune.spec.ts).
    http
      .match((r) => r.url.endsWith('/auto-fine-tune') || r.url === '/api/models')
      .forEach((r) => r.flush({ items: [] }));
    http.verify();
    vi.useRealTimers();
  });

  function open(): void {
    fixture = TestBed.createComponent(DatasetDetail);
    fixture.componentRef.setInput('id', ID);
    fixture.detectChanges();
  }

  async function render(detail: DatasetDetailDto, pairs = [pairDto(0), pairDto(1)]) {
    open();
    http.expectOne(DETAIL_URL).flush(detail);
    if (detail.status !== 'uploaded' && detail.pairCount > 0) {
      http.expectOne((r) => r.url === PAIRS_URL).flush(page(pairs, detail.pairCount));
    }
    await fixture.whenStable();
  }

  function el(): HTMLElement {
    return fixture.nativeElement;
  }

  function byTestId(id: string): HTMLElement | null {
    return el().querySelector(`[data-testid="${id}"]`);
  }

  function all(id: string): HTMLElement[] {
    return Array.from(el().querySelectorAll(`[data-testid="${id}"]`));
  }

  /** Dialogs and snack bars render in an overlay on the document body, outside the fixture. */
  function overlay<T extends HTMLElement = HTMLElement>(selector: string): T | null {
    return document.querySelector<T>(selector);
  }

  it('shows the name, status, statistics and thumbnails of a ready dataset', async () => {
    await render(detailDto());

    expect(el().querySelector('h1')?.textContent).toContain('brain-slices');
    expect(byTestId('dataset-status')?.textContent).toContain('Ready');
    expect(byTestId('stat-pairs')?.textContent).toContain('181');
    expect(byTestId('stat-pairs')?.textContent).toContain('from 3 volumes');
    expect(byTestId('stat-classes')?.textContent).toContain('3');
    expect(
      Array.from(byTestId('stat-classes')!.querySelectorAll('.label-value')).map(
        (e) => e.textContent,
      ),
    ).toEqual(['0', '1', '2']);
    expect(byTestId('stat-sizes')?.textContent).toContain('256 × 256');
    expect(byTestId('stat-formats')?.textContent).toContain('NIfTI');
    expect(byTestId('stat-modalities')?.textContent).toContain('MR');
    expect(byTestId('stat-archive')?.textContent).toContain('80.0 MB');
    expect(byTestId('dataset-errors')).toBeNull();
    expect(byTestId('dataset-warnings')).toBeNull();

    const thumbs = all('dataset-thumbnail');
    expect(thumbs.length).toBe(2);
    expect(thumbs[0].textContent).toContain('case_000');
    expect(thumbs[0].querySelector('img')?.getAttribute('src')).toBe(
      `${DETAIL_URL}/pairs/0/thumbnail`,
    );
    expect(el().textContent).toContain('Showing 2 of 181');
  });

  it('shows a 2D dataset without fingerprint or cases, and never asks for cases', async () => {
    await render(detailDto());
    expect(byTestId('dataset-fingerprint')).toBeNull();
    expect(byTestId('dataset-volumes')).toBeNull();
  });

  describe('a dataset of volumes', () => {
    const CASES_URL = `${DETAIL_URL}/cases`;

    async function renderVolumes() {
      await render(volumeDetailDto(), [pairDto(0)]);
      const req = http.expectOne((r) => r.url === CASES_URL);
      expect(req.request.params.get('pageSize')).toBe('1000');
      req.flush({
        items: [caseDto(0), caseDto(1), caseDto(2, { unlabeled: true })],
        total: 3,
        page: 1,
        pageSize: 1000,
      });
      await fixture.whenStable();
    }

    it('lists its cases under the layout, with the fingerprint and label names', async () => {
      await renderVolumes();
      expect(byTestId('dataset-layout')?.textContent).toContain('3 volumes');
      expect(byTestId('dataset-layout')?.textContent).toContain('1 unlabeled');
      expect(byTestId('dataset-layout')?.textContent).toContain(
        'MSD / nnU-Net (imagesTr/ + labelsTr/)',
      );
      expect(all('case-row').length).toBe(3);
      expect(all('case-unlabeled').length).toBe(1);
      expect(byTestId('fingerprint-spacing')?.textContent).toContain('2.5 × 0.8 × 0.8');
      expect(all('stat-label').map((e) => e.textContent)).toEqual([
        'background',
        'edema',
        'label 2',
      ]);
    });

    it('opens a case from its row in the volume viewer, with label names', async () => {
      await renderVolumes();
      all('case-open')[1].click();
      await fixture.whenStable();
      // The viewer colours labels the platform's way; the case's files are its own NIfTIs.
      http.expectOne('/api/inference/palette').flush({ colors: [[230, 25, 75]] });
      await fixture.whenStable();

      expect(overlay('app-case-viewer-dialog h2')?.textContent).toContain(caseDto(1).name);
      expect(overlay('[data-testid="case-viewer"]')).not.toBeNull();
      expect(overlay('[data-testid="case-viewer-legend"]')?.textContent).toContain('edema');
    });
  });

  it('loads more pairs on demand', async () => {
    const first = Array.from({ length: PAIRS_PAGE_SIZE }, (_, i) => pairDto(i));
    await render(detailDto({ pairCount: 50 }), first);

    byTestId('pairs-more')!.click();
    const req = http.expectOne((r) => r.url === PAIRS_URL);
    expect(req.request.params.get('page')).toBe('2');
    req.flush(page([pairDto(48), pairDto(49)], 50, 2, PAIRS_PAGE_SIZE));
    await fixture.whenStable();

    expect(all('dataset-thumbnail').length).toBe(50);
    expect(byTestId('pairs-more')).toBeNull();
  });

  it('lists the errors and warnings of a dataset that failed inspection', async () => {
    const warnings = Array.from({ length: WARNINGS_FOLDED + 2 }, (_, i) => ({
      path: `masks/case_${i}.png`,
      reason: `Mask masks/case_${i}.png is 32x64 but its image is 64x64`,
    }));
    await render(
      detailDto({
        status: 'error',
        pairCount: 0,
        errors: ['No image has a mask with the same name'],
        warnings,
        warningCount: warnings.length,
        stats: null,
      }),
    );

    expect(byTestId('dataset-status')?.textContent).toContain('Error');
    expect(byTestId('dataset-errors')?.textContent).toContain(
      'No image has a mask with the same name',
    );
    const warningBox = byTestId('dataset-warnings')!;
    expect(warningBox.textContent).toContain('10 files were skipped');
    expect(all('dataset-warning').length).toBe(WARNINGS_FOLDED);
    expect(all('dataset-warning')[0].textContent).toContain('masks/case_0.png');
    expect(all('dataset-warning')[0].textContent).toContain('is 32x64 but its image is 64x64');

    byTestId('warnings-toggle')!.click();
    await fixture.whenStable();
    expect(all('dataset-warning').length).toBe(WARNINGS_FOLDED + 2);
    expect(all('dataset-thumbnail')).toEqual([]);
  });

  it('polls while the dataset is inspected, then shows its pairs', async () => {
    vi.useFakeTimers();
    open();
    http.expectOne(DETAIL_URL).flush(
      detailDto({
        status: 'uploaded',
        pairCount: 0,
        stats: null,
        progress: { phase: 'decoding', done: 120, total: 181 },
      }),
    );
    fixture.detectChanges();
    expect(byTestId('dataset-inspecting')?.textContent).toContain('120 of 181');
    expect(byTestId('dataset-status')?.textContent).toContain('decoding 120/181');

    vi.advanceTimersByTime(DETAIL_POLL_MS);
    http.expectOne(DETAIL_URL).flush(detailDto());
    http.expectOne((r) => r.url === PAIRS_URL).flush(page([pairDto(0)], 181));
    fixture.detectChanges();

    expect(byTestId('dataset-status')?.textContent).toContain('Ready');
    expect(all('dataset-thumbnail').length).toBe(1);
    vi.advanceTimersByTime(5 * DETAIL_POLL_MS);
    http.expectNone(DETAIL_URL);
  });

  it('says so when the dataset does not exist', async () => {
    open();
    http
      .expectOne(DETAIL_URL)
      .flush(
        { statusCode: 404, message: `Dataset ${ID} not found`, error: 'Not Found' },
        { status: 404, statusText: 'Not Found' },
      );
    await fixture.whenStable();

    expect(el().textContent).toContain('Dataset not found');
    expect(el().textContent).toContain(`Dataset ${ID} not found`);
  });

  it('opens a preview with the pair details when a thumbnail is clicked', async () => {
    await render(detailDto());

    all('dataset-thumbnail')[1].click();
    await fixture.whenStable();

    const preview = overlay<HTMLImageElement>('[data-testid="pair-preview"]');
    expect(preview?.getAttribute('src')).toBe(`${DETAIL_URL}/pairs/1/preview`);
    const dialog = overlay('mat-dialog-container')!;
    expect(dialog.textContent).toContain('images/case_1.png');
    expect(dialog.textContent).toContain('masks/case_1.png');
    expect(dialog.textContent).toContain('256 × 256');
  });

  it('deletes after confirmation and goes back to the list', async () => {
    await render(detailDto());
    const router = TestBed.inject(Router);

    byTestId('dataset-delete')!.click();
    await fixture.whenStable();
    expect(overlay('mat-dialog-container')?.textContent).toContain('Delete “brain-slices”?');

    overlay<HTMLElement>('[data-testid="confirm-ok"]')!.click();
    await fixture.whenStable();
    const req = http.expectOne((r) => r.url === DETAIL_URL && r.method === 'DELETE');
    req.flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();
    http.expectOne((r) => r.url === DATASETS_URL && r.method === 'GET').flush(page([]));
    await fixture.whenStable();

    expect(router.url).toBe('/datasets');
  });

  it('deletes nothing when the confirmation is cancelled', async () => {
    await render(detailDto());

    byTestId('dataset-delete')!.click();
    await fixture.whenStable();
    overlay<HTMLElement>('[data-testid="confirm-cancel"]')!.click();
    await fixture.whenStable();

    http.expectNone((r) => r.method === 'DELETE');
  });

  it('shows why a dataset in use cannot be deleted', async () => {
    await render(detailDto());

    byTestId('dataset-delete')!.click();
    await fixture.whenStable();
    overlay<HTMLElement>('[data-testid="confirm-ok"]')!.click();
    await fixture.whenStable();
    http
      .expectOne((r) => r.method === 'DELETE')
      .flush(
        {
          statusCode: 409,
          message: 'Dataset brain-slices is used by training job 7',
          error: 'Conflict',
        },
        { status: 409, statusText: 'Conflict' },
      );
    await fixture.whenStable();
    // The snack bar attaches its content in a later task than the rejection is handled in.
    await new Promise((resolve) => setTimeout(resolve));

    expect(overlay('mat-snack-bar-container')?.textContent).toContain(
      'Dataset brain-slices is used by training job 7',
    );
    expect(el().querySelector('h1')?.textContent).toContain('brain-slices');
  });

  it('shows a viewer the dataset without Train or Delete', async () => {
    TestBed.resetTestingModule();
    configure();
    await signIn('viewer');
    await render(detailDto());

    expect(el().querySelector('h1')?.textContent).toContain('brain-slices');
    expect(byTestId('dataset-train')).toBeNull();
    expect(byTestId('dataset-delete')).toBeNull();
  });

  it('shows the owner and lets the owner share the dataset with the lab', async () => {
    await render(detailDto());
    expect(byTestId('sharing-panel')?.textContent).toContain('Ada Lovelace');
    expect(byTestId('visibility')?.dataset['visibility']).toBe('private');

    byTestId('sharing-toggle')!.querySelector<HTMLButtonElement>('button')!.click();
    await fixture.whenStable();
    const req = http.expectOne(`${DETAIL_URL}/visibility`);
    expect(req.request.method).toBe('PUT');
    expect(req.request.body).toEqual({ visibility: 'shared' });
    req.flush(detailDto({ visibility: 'shared' }));
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();

    expect(byTestId('visibility')?.dataset['visibility']).toBe('shared');
    expect(byTestId('sharing-panel')?.textContent).toContain(
      'Everyone signed in may see and use it',
    );
    // The statistics stay on screen: the answer is the whole dataset.
    expect(el().textContent).toContain('181');
  });

  it('keeps the dataset private and says why when sharing is refused', async () => {
    await render(detailDto());

    byTestId('sharing-toggle')!.querySelector<HTMLButtonElement>('button')!.click();
    await fixture.whenStable();
    http.expectOne(`${DETAIL_URL}/visibility`).flush(
      {
        statusCode: 403,
        message: 'Only the owner (Ada Lovelace) or an admin may share this dataset',
        error: 'Forbidden',
      },
      { status: 403, statusText: 'Forbidden' },
    );
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));

    expect(overlay('mat-snack-bar-container')?.textContent).toContain(
      'Only the owner (Ada Lovelace) or an admin may share this dataset',
    );
    expect(byTestId('visibility')?.dataset['visibility']).toBe('private');
    const toggle = byTestId('sharing-toggle')!.querySelector('button')!;
    expect(toggle.getAttribute('aria-checked')).toBe('false');
  });

  it("offers training on someone else's shared dataset but no sharing or delete", async () => {
    await render(detailDto(SHARED_BY_GRACE));

    expect(byTestId('sharing-panel')?.textContent).toContain('Grace Hopper');
    expect(byTestId('visibility')?.dataset['visibility']).toBe('shared');
    expect(byTestId('dataset-train')).not.toBeNull();
    expect(byTestId('sharing-toggle')).toBeNull();
    expect(byTestId('dataset-delete')).toBeNull();
  });
});
