import { Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { errorMessage } from '../../shared/api-error';
import { type LabelName } from '../../shared/label-names';
import { VolumeViewer } from '../../shared/volume-viewer/volume-viewer';
import { type ViewerInput } from '../../shared/volume-viewer/volume-viewer.model';
import { type FlatPictures, decodeFlatResult, flatViewerInput } from './flat-result';
import { type SegmentResultDto } from './inference.model';
import { RASTER_DECODER } from './raster';

/** Which label maps of a 2D result are drawn over its picture. */
export type FlatOverlays = 'both' | 'prediction' | 'truth';

/**
 * A 2D result (`segment-pair`) in the volume viewer's one-slice mode: the ml-service's own class
 * map as the prediction and the pair's ground truth as label overlays. The pictures are decoded
 * once per result; the old one stays shown until the new one is ready.
 */
@Component({
  selector: 'app-flat-result-viewer',
  imports: [VolumeViewer],
  template: `
    @if (viewerInput(); as viewer) {
      <app-volume-viewer [testId]="testId()" [input]="viewer" />
    } @else if (error(); as message) {
      <p class="error" role="alert">Could not show the result: {{ message }}</p>
    }
  `,
  styles: `
    :host {
      display: block;
      min-width: 0;
    }
    .error {
      margin: 0;
      color: var(--mat-sys-error);
    }
  `,
})
export class FlatResultViewer {
  private readonly decode = inject(RASTER_DECODER);

  readonly result = input.required<SegmentResultDto>();
  readonly overlays = input<FlatOverlays>('both');
  readonly labels = input<readonly LabelName[]>([]);
  readonly testId = input('flat-result');

  private readonly decoded = signal<{ result: SegmentResultDto; pictures: FlatPictures } | null>(
    null,
  );
  protected readonly error = signal<string | null>(null);

  protected readonly viewerInput = computed((): ViewerInput | null => {
    const decoded = this.decoded();
    if (!decoded) return null;
    const { result, pictures } = decoded;
    const all = flatViewerInput(result, pictures, pictures.mask, this.labels());
    const overlays = this.overlays();
    return {
      ...all,
      prediction: overlays === 'truth' ? null : all.prediction,
      truth: overlays === 'prediction' ? null : all.truth,
    };
  });

  constructor() {
    effect(() => {
      const result = this.result();
      untracked(() => void this.load(result));
    });
  }

  private async load(result: SegmentResultDto): Promise<void> {
    try {
      const pictures = await decodeFlatResult(result, this.decode);
      if (this.result() !== result) return;
      this.error.set(null);
      this.decoded.set({ result, pictures });
    } catch (error) {
      if (this.result() === result) this.error.set(errorMessage(error));
    }
  }
}
