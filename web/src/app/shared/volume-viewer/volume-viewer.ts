// One piece on purpose: one component owns one WebGL canvas (Chromium allows few contexts), and its
// view controls and edit controls act on the same engine and slice state; NiiVue itself is behind
// niivue-engine.ts and the editing rules in pure files beside it.
import { DecimalPipe } from '@angular/common';
import {
  Component,
  DestroyRef,
  type ElementRef,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatIcon } from '@angular/material/icon';
import { MatTooltip } from '@angular/material/tooltip';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatSlider, MatSliderThumb } from '@angular/material/slider';
import { errorMessage } from '../api-error';
import { ClassPaletteService, rgbCss } from '../class-palette';
import { SELECT_FIELD } from '../form-imports';
import { labelName } from '../label-names';
import {
  EDIT_SHORTCUTS,
  type EditAction,
  type EditTool,
  brushSize,
  editShortcut,
} from './edit-shortcuts';
import { type LabelEntry, labelColormap, labelTable, presentValues } from './label-table';
import { type LoadedVolume, NiivueEngine } from './niivue-engine';
import { VolumeFileService } from './volume-file.service';
import {
  type EditState,
  type OverlayKey,
  type SlicePosition,
  type ViewerInput,
  type ViewerLayout,
  type ViewerPlane,
  type ViewerProbe,
} from './volume-viewer.model';
import { WINDOW_PRESETS, type WindowLevel, type WindowPresetId } from './window-presets';

const LAYOUTS: readonly { id: ViewerLayout; label: string }[] = [
  { id: 'axial', label: 'Axial' },
  { id: 'coronal', label: 'Coronal' },
  { id: 'sagittal', label: 'Sagittal' },
  { id: 'multiplanar', label: 'Multiplanar' },
  { id: 'render', label: '3D' },
];

/** Slices a key press moves. */
const KEY_STEPS: Record<string, number> = { ArrowUp: 1, ArrowDown: -1, PageUp: 10, PageDown: -10 };

/**
 * A volume with its label overlays, on NiiVue: slices by wheel, keys or slider; one plane, three
 * with a crosshair or a 3D render; window/level by right-drag or preset; prediction and ground
 * truth in the label colours with a legend, opacity and outlines; what lies under the cursor.
 * The files are fetched once per input: browsing never asks the gateway again.
 */
@Component({
  selector: 'app-volume-viewer',
  imports: [
    DecimalPipe,
    MatButton,
    MatIcon,
    MatIconButton,
    MatTooltip,
    MatButtonToggle,
    MatButtonToggleGroup,
    MatCheckbox,
    MatFormField,
    MatLabel,
    MatProgressBar,
    MatSlider,
    MatSliderThumb,
    ...SELECT_FIELD,
  ],
  templateUrl: './volume-viewer.html',
  styleUrl: './volume-viewer.scss',
})
export class VolumeViewer {
  private readonly files = inject(VolumeFileService);
  private readonly classPalette = inject(ClassPaletteService);

  readonly input = input.required<ViewerInput>();
  readonly testId = input('volume-viewer');

  protected readonly layouts = LAYOUTS;
  protected readonly presets = WINDOW_PRESETS;
  protected readonly rgbCss = rgbCss;
  protected readonly labelName = labelName;

  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private engine: NiivueEngine | null = null;
  private generation = 0;

  protected readonly state = signal<'loading' | 'ready' | 'error'>('loading');
  protected readonly error = signal<string | null>(null);
  protected readonly layout = signal<ViewerLayout>('axial');
  protected readonly slice = signal<SlicePosition>({ index: 0, count: 1 });
  protected readonly preset = signal<WindowPresetId | 'custom'>('file');
  protected readonly window = signal<WindowLevel | null>(null);
  protected readonly opacity = signal(0.5);
  protected readonly outline = signal(false);
  protected readonly visible = signal<Record<OverlayKey, boolean>>({
    prediction: true,
    truth: true,
  });
  protected readonly probe = signal<ViewerProbe | null>(null);
  /** One slice (a 2D picture): no planes to choose and no slices to move through. */
  protected readonly flat = signal(false);
  private readonly present = signal<number[]>([]);
  protected readonly shortcuts = EDIT_SHORTCUTS;
  protected readonly tool = signal<EditTool>('brush');
  protected readonly brush = signal(3);
  protected readonly penLabel = signal(1);
  protected readonly hiddenLabels = signal<ReadonlySet<number>>(new Set());
  protected readonly showHelp = signal(false);
  private readonly _editState = signal<EditState>({
    canUndo: false,
    canRedo: false,
    edited: false,
  });
  /** Undo/redo availability and unsaved edits of the mask being edited. */
  readonly editState = this._editState.asReadonly();
  /** Whether a mask is being edited (the drawing is loaded). */
  readonly editing = signal(false);
  /** Bumped after each finished load, so the tests can wait for a drawn volume. */
  protected readonly loads = signal(0);

  /** The plane the slider and the keys move: the single one, else axial. */
  protected readonly plane = computed<ViewerPlane>(() => {
    const layout = this.layout();
    return layout === 'multiplanar' || layout === 'render' ? 'axial' : layout;
  });

  protected readonly legend = computed(() => {
    const input = this.input();
    return labelTable(
      input.labels,
      input.labelValues ?? [],
      this.present(),
      this.classPalette.palette(),
    );
  });

  /** Labels one can draw: the legend's, else label 1. */
  protected readonly editLabels = computed<LabelEntry[]>(() => {
    const legend = this.legend();
    return legend.length ? legend : [{ value: 1, name: 'label 1', color: [230, 25, 75] }];
  });

  protected readonly hasPrediction = computed(() => !!this.input().prediction);
  protected readonly hasTruth = computed(() => !!this.input().truth);

  constructor() {
    this.classPalette.load();
    afterNextRender(() => void this.start());
    inject(DestroyRef).onDestroy(() => {
      this.generation++;
      this.engine?.dispose();
      this.engine = null;
    });

    effect(() => {
      const input = this.input();
      untracked(() => {
        if (this.engine) void this.load(input);
      });
    });
    // Each effect reads its signal before the engine, which is not there on the first run.
    effect(() => {
      const colormap = labelColormap(this.legend());
      untracked(() => this.engine?.setColormap(colormap));
    });
    effect(() => {
      const colormap = this.drawColormap();
      untracked(() => {
        if (this.engine?.editing) this.engine.setDrawColormap(colormap);
      });
    });
    effect(() => {
      const opacity = this.opacity();
      untracked(() => this.engine?.setOpacity(opacity));
    });
    effect(() => {
      const outline = this.outline();
      untracked(() => this.engine?.setOutline(outline));
    });
  }

  protected setLayout(layout: ViewerLayout): void {
    this.layout.set(layout);
    this.engine?.setLayout(layout);
    this.readSlice();
  }

  protected setSlice(index: number): void {
    this.engine?.setSlice(this.plane(), index);
    this.readSlice();
  }

  protected setPreset(id: WindowPresetId): void {
    this.preset.set(id);
    const preset = WINDOW_PRESETS.find((p) => p.id === id);
    const wanted = id === 'file' ? this.input().fileWindow : (preset?.window ?? null);
    this.window.set(this.engine?.setWindow(wanted) ?? wanted);
  }

  protected setVisible(key: OverlayKey, visible: boolean): void {
    this.visible.update((v) => ({ ...v, [key]: visible }));
    this.engine?.setVisible(key, visible);
  }

  /** The mask being edited as a gzipped NIfTI on the image's grid. */
  exportMask(): Promise<Uint8Array> {
    if (!this.engine) return Promise.reject(new Error('The viewer is not ready'));
    return this.engine.exportDrawing();
  }

  /** Adds another mask where the one being edited is background (a merge), as one undo step. */
  async mergeUnder(bytes: ArrayBuffer, name = 'theirs.nii.gz'): Promise<void> {
    await this.engine?.mergeUnder({ key: 'truth', bytes, name });
  }

  /** What is drawn now counts as saved. */
  markSaved(): void {
    this.engine?.markSaved();
  }

  protected setTool(tool: EditTool): void {
    this.tool.set(tool);
    this.engine?.setTool(tool);
  }

  protected setBrush(size: number): void {
    this.brush.set(brushSize(size, 0));
    this.engine?.setBrushSize(this.brush());
  }

  protected setPenLabel(value: number): void {
    this.penLabel.set(value);
    this.engine?.setPenLabel(value);
    if (this.tool() === 'eraser') this.setTool('brush');
  }

  protected toggleLabel(value: number): void {
    this.hiddenLabels.update((hidden) => {
      const next = new Set(hidden);
      if (!next.delete(value)) next.add(value);
      return next;
    });
  }

  protected undo(): void {
    this.engine?.undo();
  }

  protected redo(): void {
    this.engine?.redo();
  }

  protected interpolate(): void {
    this.engine?.interpolate(this.plane());
  }

  protected onStageClick(event: MouseEvent): void {
    if (!this.editing() || this.tool() !== 'fill') return;
    const rect = this.canvas().nativeElement.getBoundingClientRect();
    this.engine?.fillAt(event.clientX - rect.left, event.clientY - rect.top);
  }

  private act(action: EditAction): void {
    switch (action.kind) {
      case 'tool':
        return this.setTool(action.tool);
      case 'size':
        return this.setBrush(this.brush() + action.delta);
      case 'undo':
        return this.undo();
      case 'redo':
        return this.redo();
      case 'label': {
        const entry = this.editLabels()[action.position];
        if (entry) this.setPenLabel(entry.value);
      }
    }
  }

  private readonly drawColormap = computed(() => {
    const hidden = this.hiddenLabels();
    const colormap = labelColormap(this.editLabels());
    colormap.A = colormap.A.map((a, i) => (hidden.has(colormap.I[i]) ? 0 : a));
    return colormap;
  });

  protected onKey(event: KeyboardEvent): void {
    if (this.editing()) {
      const action = editShortcut(event);
      if (action) {
        event.preventDefault();
        return this.act(action);
      }
    }
    const step = KEY_STEPS[event.key];
    if (step === undefined) return;
    event.preventDefault();
    this.setSlice(this.slice().index + step);
  }

  protected onPointer(event: MouseEvent): void {
    const rect = this.canvas().nativeElement.getBoundingClientRect();
    const probe = this.engine?.probeAt(event.clientX - rect.left, event.clientY - rect.top);
    if (probe) this.probe.set(probe);
  }

  protected onSlider(event: Event): void {
    this.setSlice(Number((event.target as HTMLInputElement).value));
  }

  protected onOpacity(event: Event): void {
    const value = Number((event.target as HTMLInputElement).value);
    if (Number.isFinite(value)) this.opacity.set(Math.min(1, Math.max(0, value)));
  }

  /** "liver (1)" of a voxel value; "–" outside or for the background. */
  protected labelAt(value: number | null): string {
    if (value === null || !Number.isFinite(value)) return '–';
    const v = Math.round(value);
    return v === 0 ? 'background (0)' : `${labelName(this.input().labels, v)} (${v})`;
  }

  private async start(): Promise<void> {
    const generation = this.generation;
    try {
      const engine = await NiivueEngine.create(this.canvas().nativeElement, {
        location: (probe) => {
          this.probe.set(probe);
          this.readSlice();
        },
        window: (window) => {
          this.window.set(window);
          this.preset.set('custom');
        },
      });
      if (generation !== this.generation) return engine.dispose();
      this.engine = engine;
      await this.load(this.input());
    } catch (error) {
      this.fail(error, generation);
    }
  }

  private async load(input: ViewerInput): Promise<void> {
    const generation = ++this.generation;
    this.state.set('loading');
    this.error.set(null);
    try {
      const edit = input.edit ?? null;
      const wanted: [LoadedVolume['key'], typeof input.image | null | undefined][] = [
        ['image', input.image],
        ['prediction', edit ? null : input.prediction],
        ['truth', edit ? null : input.truth],
      ];
      const startBytes = edit?.start ? this.files.fetch(edit.start) : null;
      const volumes = await Promise.all(
        wanted
          .filter((entry): entry is [LoadedVolume['key'], typeof input.image] => !!entry[1])
          .map(async ([key, file]) => ({
            key,
            name: file.name,
            bytes: await this.files.fetch(file),
          })),
      );
      const engine = this.engine;
      if (generation !== this.generation || !engine) return;
      this.editing.set(false);
      await engine.show(volumes, labelColormap(this.legend()));
      if (generation !== this.generation) return;
      if (edit) {
        const start = edit.start
          ? { key: 'truth' as const, name: edit.start.name, bytes: await startBytes! }
          : null;
        if (generation !== this.generation) return;
        await engine.startEditing(start, this.drawColormap(), (state) =>
          this._editState.set(state),
        );
        // Labels the starting mask holds get a colour and a place in the picker too.
        this.present.set(presentValues(engine.drawingVoxels()));
        engine.setBrushSize(this.brush());
        engine.setPenLabel(this.penLabel());
        engine.setTool(this.tool());
        this.editing.set(true);
      }
      // The labels shown and, while editing, those the starting mask holds.
      this.present.set(
        presentValues([
          ...presentValues(engine.overlayVoxels('prediction') ?? []),
          ...presentValues(engine.overlayVoxels('truth') ?? []),
          ...(edit ? presentValues(engine.drawingVoxels()) : []),
        ]),
      );
      engine.setColormap(labelColormap(this.legend()));
      engine.setOpacity(this.opacity());
      engine.setOutline(this.outline());
      for (const key of ['prediction', 'truth'] as const)
        engine.setVisible(key, this.visible()[key]);
      this.flat.set(engine.slice('axial').count === 1);
      if (this.flat()) this.layout.set('axial');
      engine.setFlat(this.flat());
      engine.setLayout(this.layout());
      const preset = this.preset();
      this.setPreset(preset === 'custom' ? 'file' : preset);
      this.readSlice();
      this.probe.set(engine.probeAtCrosshair());
      this.state.set('ready');
      this.loads.update((n) => n + 1);
    } catch (error) {
      this.fail(error, generation);
    }
  }

  private readSlice(): void {
    if (this.engine) this.slice.set(this.engine.slice(this.plane()));
  }

  private fail(error: unknown, generation: number): void {
    if (generation !== this.generation) return;
    this.state.set('error');
    this.error.set(errorMessage(error));
  }
}
