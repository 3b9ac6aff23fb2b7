import {
  Component,
  type ElementRef,
  computed,
  effect,
  inject,
  input,
  model,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatTooltip } from '@angular/material/tooltip';
import { errorMessage } from '../../shared/api-error';
import { type OverlayMode, type SegmentResultDto } from './inference.model';
import { type Palette } from '../../shared/class-palette';
import {
  type Raster,
  classesFromProbabilities,
  composite,
  contourOf,
  grayChannel,
} from './overlay';
import { RASTER_DECODER, RASTER_PAINTER } from './raster';

export const MIN_ZOOM = 0.25;
export const MAX_ZOOM = 16;

interface Decoded {
  result: SegmentResultDto;
  image: Raster;
  /** Class per pixel of the mask shown when no probabilities apply. */
  mask: Uint8Array;
  probabilities: Uint8Array[];
}

/**
 * Canvas with one segmentation drawn over its image. The pictures are decoded once per result;
 * threshold, opacity and mode changes only recompute pixels and repaint, without any request.
 * Zoom with the wheel or the buttons, pan by dragging.
 */
@Component({
  selector: 'app-segmentation-viewer',
  imports: [MatIcon, MatIconButton, MatTooltip],
  template: `
    <div
      class="stage"
      (wheel)="onWheel($event)"
      (pointerdown)="onPointerDown($event)"
      (pointermove)="onPointerMove($event)"
      (pointerup)="onPointerUp($event)"
      (pointercancel)="onPointerUp($event)"
      [class.dragging]="dragging()"
    >
      <canvas
        #canvas
        [attr.data-testid]="testId()"
        [attr.data-rendered]="rendered()"
        [attr.data-opacity]="opacity()"
        [attr.data-threshold]="threshold()"
        [attr.data-mode]="mode()"
        [attr.aria-label]="caption()"
        role="img"
        [style.transform]="transform()"
      ></canvas>
    </div>
    <div class="toolbar">
      <span class="caption">{{ caption() }}</span>
      <span class="zoom-level">{{ zoomPercent() }}%</span>
      @for (tool of viewTools; track tool.icon) {
        <button
          matIconButton
          type="button"
          [matTooltip]="tool.label"
          [attr.aria-label]="tool.label"
          (click)="tool.run()"
        >
          <mat-icon>{{ tool.icon }}</mat-icon>
        </button>
      }
    </div>
    @if (decodeError(); as error) {
      <p class="decode-error" role="alert">Could not show the result: {{ error }}</p>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 4px;
      min-width: 0;
    }
    .stage {
      position: relative;
      overflow: hidden;
      aspect-ratio: 1;
      border-radius: 12px;
      background: #000;
      cursor: grab;
      touch-action: none;
      display: flex;
      align-items: center;
      justify-content: center;
    }
    .stage.dragging {
      cursor: grabbing;
    }
    canvas {
      width: 100%;
      height: 100%;
      object-fit: contain;
      image-rendering: pixelated;
      transform-origin: center;
    }
    .toolbar {
      display: flex;
      align-items: center;
      gap: 4px;
    }
    .caption {
      flex: 1;
      font: var(--mat-sys-title-small);
    }
    .zoom-level {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .decode-error {
      margin: 0;
      color: var(--mat-sys-error);
    }
  `,
})
export class SegmentationViewer {
  private readonly decode = inject(RASTER_DECODER);
  private readonly paint = inject(RASTER_PAINTER);

  readonly result = input.required<SegmentResultDto>();
  /** `prediction` thresholds the probabilities; `truth` shows the pair's ground truth. */
  readonly source = input<'prediction' | 'truth'>('prediction');
  readonly opacity = input(0.5);
  /** 0–1; applies to the prediction only. */
  readonly threshold = input(0.5);
  readonly mode = input<OverlayMode>('mask');
  /** Class colours as the gateway serves them; empty (neutral grey) until they are loaded. */
  readonly palette = input<Palette>([]);
  readonly caption = input('');
  readonly testId = input('segmentation-canvas');

  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private readonly decoded = signal<Decoded | null>(null);
  private readonly _rendered = signal(0);
  private readonly _decodeError = signal<string | null>(null);
  private generation = 0;

  /** How many times the canvas was painted; the browser tests watch it. */
  readonly rendered = this._rendered.asReadonly();
  protected readonly decodeError = this._decodeError.asReadonly();
  /** Bind the same signals to several viewers (`[(zoom)]`, `[(pan)]`) to move them together. */
  readonly zoom = model(1);
  readonly pan = model({ x: 0, y: 0 });
  protected readonly dragging = signal(false);
  private dragStart: { x: number; y: number; panX: number; panY: number } | null = null;

  protected readonly zoomPercent = computed(() => Math.round(this.zoom() * 100));
  protected readonly transform = computed(() => {
    const { x, y } = this.pan();
    return `translate(${x}px, ${y}px) scale(${this.zoom()})`;
  });

  /** Class of each pixel as shown: thresholded prediction, or the ground truth. */
  readonly classes = computed(() => {
    const decoded = this.decoded();
    if (!decoded) return null;
    if (this.source() === 'truth' || decoded.probabilities.length === 0) return decoded.mask;
    return classesFromProbabilities(decoded.probabilities, this.threshold());
  });

  private readonly shown = computed(() => {
    const classes = this.classes();
    const decoded = this.decoded();
    if (!classes || !decoded) return null;
    return this.mode() === 'contour'
      ? contourOf(classes, decoded.image.width, decoded.image.height)
      : classes;
  });

  constructor() {
    // Decode once per result; the old picture stays until the new one is ready.
    effect(() => {
      const result = this.result();
      const source = this.source();
      const generation = ++this.generation;
      untracked(() => void this.load(result, source, generation));
    });

    effect(() => {
      const decoded = this.decoded();
      const shown = this.shown();
      const opacity = this.opacity();
      const palette = this.palette();
      if (!decoded || !shown) return;
      const canvas = this.canvas().nativeElement;
      const pixels = composite(decoded.image, shown, opacity, palette);
      this.paint(canvas, {
        width: decoded.image.width,
        height: decoded.image.height,
        data: pixels,
      });
      untracked(() => this._rendered.update((n) => n + 1));
    });
  }

  /** The toolbar's icon buttons: zoom out, zoom in, fit. */
  protected readonly viewTools: readonly { icon: string; label: string; run: () => void }[] = [
    { icon: 'zoom_out', label: 'Zoom out', run: () => this.zoomBy(1 / 1.25) },
    { icon: 'zoom_in', label: 'Zoom in', run: () => this.zoomBy(1.25) },
    { icon: 'fit_screen', label: 'Fit the image to the view', run: () => this.resetView() },
  ];

  zoomBy(factor: number): void {
    this.zoom.update((z) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z * factor)));
  }

  resetView(): void {
    this.zoom.set(1);
    this.pan.set({ x: 0, y: 0 });
  }

  protected onWheel(event: WheelEvent): void {
    event.preventDefault();
    this.zoomBy(event.deltaY < 0 ? 1.1 : 1 / 1.1);
  }

  protected onPointerDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    const { x, y } = this.pan();
    this.dragStart = { x: event.clientX, y: event.clientY, panX: x, panY: y };
    this.dragging.set(true);
    (event.currentTarget as HTMLElement | null)?.setPointerCapture?.(event.pointerId);
  }

  protected onPointerMove(event: PointerEvent): void {
    const start = this.dragStart;
    if (!start) return;
    this.pan.set({
      x: start.panX + event.clientX - start.x,
      y: start.panY + event.clientY - start.y,
    });
  }

  protected onPointerUp(event: PointerEvent): void {
    this.dragStart = null;
    this.dragging.set(false);
    (event.currentTarget as HTMLElement | null)?.releasePointerCapture?.(event.pointerId);
  }

  private async load(
    result: SegmentResultDto,
    source: 'prediction' | 'truth',
    generation: number,
  ): Promise<void> {
    try {
      const maskUrl = source === 'truth' ? result.groundTruth : result.mask;
      const [image, mask, ...probabilities] = await Promise.all([
        this.decode(result.image),
        maskUrl ? this.decode(maskUrl) : Promise.resolve(null),
        ...(source === 'prediction' ? result.probabilities.map((p) => this.decode(p)) : []),
      ]);
      if (generation !== this.generation) return;
      if (!image) return;
      this._decodeError.set(null);
      this.decoded.set({
        result,
        image,
        mask: mask ? grayChannel(mask) : new Uint8Array(image.width * image.height),
        probabilities: probabilities.filter((p): p is Raster => p !== null).map(grayChannel),
      });
    } catch (error) {
      if (generation === this.generation) this._decodeError.set(errorMessage(error));
    }
  }
}
