import { TestBed } from '@angular/core/testing';
import { fingerprintDto, volumeDetailDto } from '../../testing/dataset-fixtures';
import { type FingerprintDto } from './dataset.model';
import { DatasetFingerprint, formatSpacingRange } from './dataset-fingerprint';

describe('DatasetFingerprint', () => {
  function render(fingerprint: FingerprintDto = fingerprintDto()): HTMLElement {
    const fixture = TestBed.createComponent(DatasetFingerprint);
    fixture.componentRef.setInput('fingerprint', fingerprint);
    fixture.componentRef.setInput('labels', volumeDetailDto().labels);
    fixture.detectChanges();
    return fixture.nativeElement;
  }

  const text = (root: HTMLElement, testId: string) =>
    root.querySelector(`[data-testid="${testId}"]`)?.textContent?.replace(/\s+/g, ' ').trim();

  it('shows the median shape and spacing and the spacing range in mm', () => {
    const root = render();
    expect(text(root, 'fingerprint-shape')).toBe('12 × 40 × 48 voxels');
    expect(text(root, 'fingerprint-spacing')).toBe('2.5 × 0.8 × 0.8 mm');
    expect(text(root, 'fingerprint-spacing-range')).toBe('2.5–3 × 0.75–0.8 × 0.75–0.8 mm');
    expect(root.textContent).toContain('over 3 cases');
  });

  it('lists intensity percentiles per channel under the channel names', () => {
    const rows = Array.from(render().querySelectorAll('[data-testid="fingerprint-channel"]')).map(
      (r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent!.trim()),
    );
    expect(rows).toEqual([
      ['FLAIR', '12', '300', '920', '310 ± 80', '0 – 980'],
      ['T1w', '125', '700', '1,940', '720 ± 160', '100 – 2,060'],
    ]);
  });

  it('names a channel the dataset leaves unnamed by its number', () => {
    const root = render(fingerprintDto({ channelNames: [] }));
    expect(root.querySelector('[data-testid="fingerprint-channel"] td')?.textContent).toBe(
      'channel 0',
    );
  });

  it('shows the class voxel fractions by label name', () => {
    const classes = Array.from(render().querySelectorAll('[data-testid="fingerprint-class"]')).map(
      (li) =>
        Array.from(li.querySelectorAll('span'))
          .map((span) => span.textContent!.trim())
          .filter(Boolean)
          .join(' '),
    );
    expect(classes).toEqual(['background 75.0%', 'edema 20.0%', 'label 2 5.0%']);
  });

  it('writes a spacing range with one number where min and max agree', () => {
    expect(formatSpacingRange([1, 0.5, 0.5], [1, 0.5, 0.7])).toBe('1 × 0.5 × 0.5–0.7');
    expect(formatSpacingRange([], [])).toBe('–');
  });
});
