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
  type PromptTool,
  brushSize,
  editShortcut,
  isPromptTool,
} from './edit-shortcuts';
import { gesturePrompt, nativeToRas } from './guided-prompts';
import { GuidedSession, type PromptStep } from './guided-session';
import { GuidedSessionClient, type PromptDto } from './guided-session.client';
import { type LabelEntry, labelColormap, labelTable, presentValues } from './label-table';
import { type LoadedVolume, NiivueEngine, type SlicePoint } from './niivue-engine';
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

/** The prompt tools' buttons: icon, name and what they do. */
const PROMPT_BUTTONS: readonly { tool: PromptTool; icon: string; label: string; tip: string }[] = [
  {
    tool: 'click',
    icon: 'ads_click',
    label: 'Click',
    tip: 'Click: include what is under it (right click or Shift: exclude) (C)',
  },
  {
    tool: 'box',
    icon: 'crop_free',
    label: 'Box',
    tip: 'Box: drag around what to segment (right button or Shift: exclude) (X)',
  },
  {
    tool: 'scribble',
    icon: 'gesture',
    label: 'Scribble',
    tip: 'Scribble: a stroke inside it (right button or Shift: outside it) (S)',
  },
  {
    tool: 'lasso',
    icon: 'lasso_select',
    label: 'Lasso',
    tip: 'Lasso: an outline around it (right button or Shift: exclude) (L)',
  },
];

const PROMPT_NAMES: Record<PromptDto['kind'], string> = {
  point: 'Click',
  box: 'Box',
  scribble: 'Scribble',
  lasso: 'Lasso',
};

/** A prompt drawn over the canvas: its vertices in CSS pixels. */
interface PromptMark {
  kind: PromptDto['kind'];
  negative: boolean;
  pending: boolean;
  points: string;
  x: number;
  y: number;
  box: { x: number; y: number; width: number; height: number } | null;
}

/** A prompt being drawn: the slice points under the mouse so far. */
interface Gesture {
  tool: PromptTool;
  negative: boolean;
  points: SlicePoint[];
  screen: [number, number][];
  tile: number;
}

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
  private readonly sessions = inject(GuidedSessionClient);

  readonly input = input.required<ViewerInput>();
  readonly testId = input('volume-viewer');

  protected readonly layouts = LAYOUTS;
  protected readonly presets = WINDOW_PRESETS;
  protected readonly rgbCss = rgbCss;
  protected readonly labelName = labelName;

  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private readonly stage = viewChild.required<ElementRef<HTMLElement>>('stage');
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

  protected readonly promptButtons = PROMPT_BUTTONS;
  protected readonly promptNames = PROMPT_NAMES;
  /** The guided session of the case being edited (prompt tools), if any. */
  protected readonly session = signal<GuidedSession | null>(null);
  protected readonly guideState = signal<'off' | 'opening' | 'ready' | 'error'>('off');
  protected readonly guideError = signal<string | null>(null);
  /** The prompt sent and not yet answered (drawn dashed). */
  private readonly inFlight = signal<PromptDto | null>(null);
  /** The gesture being drawn, in CSS pixels. */
  protected readonly pending = signal<{
    negative: boolean;
    tool: PromptTool;
    points: string;
  } | null>(null);
  /** Label voxels of the mask, counted after each prompt (for the tests and the panel). */
  protected readonly maskVoxels = signal<number | null>(null);
  /** Bumped when the view moves (slice, layout, size), so the prompt marks follow it. */
  private readonly viewTick = signal(0);
  private gesture: Gesture | null = null;

  /** What the prompt tools say when they cannot be used; null when they can. */
  protected readonly promptsOff = computed<string | null>(() => {
    const guide = this.input().edit?.guide;
    if (!guide) return null;
    if (!guide.source) return guide.why;
    const state = this.guideState();
    if (state === 'opening') return 'Opening a session with the model…';
    if (state === 'error') return this.guideError() ?? 'The guided session could not be opened';
    return null;
  });
  protected readonly hasGuide = computed(() => !!this.input().edit?.guide);
  protected readonly promptTool = computed(() => isPromptTool(this.tool()));
  protected readonly prompts = computed(() => this.session()?.prompts() ?? []);

  protected readonly marks = computed<PromptMark[]>(() => {
    this.viewTick();
    const session = this.session();
    const engine = this.engine;
    const grid = engine?.grid();
    if (!session || !engine || !grid) return [];
    const flying = this.inFlight();
    const layout = this.layout();
    const single = layout !== 'multiplanar' && layout !== 'render';
    const axis = { axial: 2, coronal: 1, sagittal: 0 }[this.plane()];
    const slice = this.slice().index;
    const list = flying ? [...session.prompts(), flying] : session.prompts();
    return list.flatMap((p) => {
      const ras = session.fileVertices(p).map((v) => nativeToRas(v, grid.perm, grid.dims));
      if (!ras.length || (single && Math.round(ras[0][axis]) !== slice)) return [];
      const screen = ras.map((v) => engine.screenOf(v)).filter((v): v is [number, number] => !!v);
      if (!screen.length) return [];
      const xs = screen.map((v) => v[0]);
      const ys = screen.map((v) => v[1]);
      const box =
        p.kind === 'box'
          ? {
              x: Math.min(...xs),
              y: Math.min(...ys),
              width: Math.max(...xs) - Math.min(...xs),
              height: Math.max(...ys) - Math.min(...ys),
            }
          : null;
      return [
        {
          kind: p.kind,
          negative: p.classIndex === 0,
          pending: p === flying,
          points: screen.map(([x, y]) => `${x},${y}`).join(' '),
          x: screen[0][0],
          y: screen[0][1],
          box,
        },
      ];
    });
  });

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
    const onResize = () => this.viewTick.update((n) => n + 1);
    window.addEventListener('resize', onResize);
    inject(DestroyRef).onDestroy(() => {
      window.removeEventListener('resize', onResize);
      this.generation++;
      this.closeSession();
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
    // A prompt's answer is a diff against the one before: no undo while one is on its way.
    if (this.session()?.busy()) return;
    this.engine?.undo();
    this.afterPromptMove();
  }

  protected redo(): void {
    if (this.session()?.busy()) return;
    this.engine?.redo();
    this.afterPromptMove();
  }

  /** Forgets the prompts in force; the mask stays as it is. */
  protected clearPrompts(): void {
    this.session()?.clear();
  }

  private afterPromptMove(): void {
    if (this.session() && this.engine) this.maskVoxels.set(this.engine.drawnVoxels());
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
        // A prompt tool's key does nothing where the buttons are off (no guided model).
        if (isPromptTool(action.tool) && (!this.hasGuide() || this.promptsOff())) return;
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
      this.listenForPrompts(this.stage().nativeElement);
      await this.load(this.input());
    } catch (error) {
      this.fail(error, generation);
    }
  }

  private async load(input: ViewerInput): Promise<void> {
    const generation = ++this.generation;
    this.closeSession();
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
      if (edit) this.openSession(engine, input);
      this.state.set('ready');
      this.loads.update((n) => n + 1);
    } catch (error) {
      this.fail(error, generation);
    }
  }

  private readSlice(): void {
    if (this.engine) this.slice.set(this.engine.slice(this.plane()));
    this.viewTick.update((n) => n + 1);
  }

  /** Opens the case's guided session once the drawing is loaded (its grid maps the patches). */
  private openSession(engine: NiivueEngine, input: ViewerInput): void {
    const source = input.edit?.guide?.source;
    const grid = engine.grid();
    if (!source || !grid) return this.guideState.set('off');
    const session = new GuidedSession(this.sessions, source, grid.perm, grid.dims);
    this.session.set(session);
    this.guideState.set('opening');
    this.guideError.set(null);
    engine.onStep = (tag, direction) => {
      const step = tag as PromptStep;
      if (direction === 'undo') session.undo(step);
      else session.redo(step);
    };
    session.open().then(
      (dto) => {
        if (this.session() !== session) return;
        if (!dto.guided) {
          this.guideError.set('This model was trained without guidance: it cannot take prompts');
          return this.guideState.set('error');
        }
        this.guideState.set('ready');
        this.maskVoxels.set(engine.drawnVoxels());
      },
      (error) => {
        if (this.session() !== session) return;
        this.guideError.set(errorMessage(error));
        this.guideState.set('error');
      },
    );
  }

  private closeSession(): void {
    this.session()?.close();
    this.session.set(null);
    this.guideState.set('off');
    this.maskVoxels.set(null);
    this.inFlight.set(null);
    if (this.engine) this.engine.onStep = () => undefined;
  }

  /**
   * The prompt tools take the mouse before NiiVue does (capture phase): a left button is a
   * positive prompt, the right one or Shift a negative one; NiiVue maps each position to its voxel.
   */
  private listenForPrompts(stage: HTMLElement): void {
    const active = () =>
      this.editing() && isPromptTool(this.tool()) && this.guideState() === 'ready';
    const local = (e: MouseEvent): [number, number] => {
      const rect = this.canvas().nativeElement.getBoundingClientRect();
      return [e.clientX - rect.left, e.clientY - rect.top];
    };
    const shown = (g: Gesture) => {
      const [[x0, y0], [x1, y1]] = [g.screen[0], g.screen[g.screen.length - 1]];
      const corners = [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
      ];
      const points = g.tool === 'box' ? corners : g.screen;
      this.pending.set(
        g.tool === 'click'
          ? null
          : {
              negative: g.negative,
              tool: g.tool,
              points: points.map(([x, y]) => `${x},${y}`).join(' '),
            },
      );
    };
    const move = (e: MouseEvent) => {
      const g = this.gesture;
      if (!g) return;
      e.stopPropagation();
      e.preventDefault();
      const [x, y] = local(e);
      const point = this.engine?.slicePointAt(x, y, g.tile);
      if (!point || g.tool === 'click') return;
      g.points.push(point);
      g.screen.push([x, y]);
      shown(g);
    };
    const up = (e: MouseEvent) => {
      const g = this.gesture;
      if (!g) return;
      e.stopPropagation();
      e.preventDefault();
      this.gesture = null;
      this.pending.set(null);
      window.removeEventListener('mousemove', move, true);
      window.removeEventListener('mouseup', up, true);
      void this.sendPrompt(g);
    };
    const down = (e: MouseEvent) => {
      if (!active() || (e.button !== 0 && e.button !== 2)) return;
      e.stopPropagation();
      e.preventDefault();
      stage.focus();
      const [x, y] = local(e);
      const point = this.engine?.slicePointAt(x, y);
      if (!point) return;
      const tool = this.tool() as PromptTool;
      this.gesture = {
        tool,
        negative: e.button === 2 || e.shiftKey,
        points: [point],
        screen: [[x, y]],
        tile: point.tile,
      };
      shown(this.gesture);
      window.addEventListener('mousemove', move, true);
      window.addEventListener('mouseup', up, true);
    };
    const block = (e: Event) => {
      if (!active()) return;
      e.stopPropagation();
      e.preventDefault();
    };
    stage.addEventListener('mousedown', down, true);
    for (const type of ['contextmenu', 'dblclick', 'touchstart'])
      stage.addEventListener(type, block, true);
  }

  private async sendPrompt(g: Gesture): Promise<void> {
    const session = this.session();
    const engine = this.engine;
    const grid = engine?.grid();
    if (!session || !engine || !grid) return;
    const classIndex = g.negative ? 0 : session.classOf(this.penLabel());
    if (classIndex < 0) {
      this.guideError.set(
        `${labelName(this.input().labels, this.penLabel())} is not a class of this model: pick one of its labels`,
      );
      return;
    }
    const drawn = gesturePrompt(g.tool, g.points, classIndex, grid.perm, grid.dims);
    const prompt = drawn && session.fromFile(drawn);
    if (!prompt) return;
    this.guideError.set(null);
    this.inFlight.set(prompt);
    try {
      const change = await session.send(prompt);
      if (this.session() !== session) return;
      engine.applyChange(change.rasIndices, change.values, change.step);
      this.maskVoxels.set(engine.drawnVoxels());
    } catch (error) {
      if (this.session() === session) this.guideError.set(errorMessage(error));
    } finally {
      if (this.inFlight() === prompt) this.inFlight.set(null);
    }
  }

  private fail(error: unknown, generation: number): void {
    if (generation !== this.generation) return;
    this.state.set('error');
    this.error.set(errorMessage(error));
  }
}
