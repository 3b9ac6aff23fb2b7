// One piece on purpose: the only file that speaks NiiVue, so viewing and editing share one Niivue
// instance, its volumes and its drawing bitmap; the logic that needs no NiiVue (undo history, slice
// fill, shortcuts, contours, window presets) lives in its own pure files beside it.
import type { NVImage, Niivue } from '@niivue/niivue';
import { DirtyBox } from './dirty-box';
import { EditHistory } from './edit-history';
import { type EditTool, isPromptTool } from './edit-shortcuts';
import { labelContour } from './label-contour';
import { type LabelColormap } from './label-table';
import {
  type OverlayKey,
  type SlicePosition,
  type ViewerLayout,
  type ViewerPlane,
  type ViewerProbe,
} from './volume-viewer.model';
import { fillSliceRegion } from './slice-fill';
import { type PermRAS, flatMirrored, flatPixel, rasToNative } from './voxel-axes';
import { type WindowLevel, windowOf, windowRange } from './window-presets';

/** NIfTI intent "label": NiiVue draws outlines only for label volumes. */
const NIFTI_INTENT_LABEL = 1002;

/** Percent of the canvas. */
const CROSSHAIR_WIDTH = 0.25;

/** RAS voxel axis of each plane's slices: sagittal x, coronal y, axial z. */
const PLANE_AXIS: Record<ViewerPlane, 0 | 1 | 2> = { sagittal: 0, coronal: 1, axial: 2 };

export interface EngineEvents {
  /** The crosshair moved (click, wheel, keys, slider). */
  location(probe: ViewerProbe): void;
  /** The window changed by dragging. */
  window(window: WindowLevel): void;
}

/**
 * The drawing as a NIfTI on the image's own grid (its header: shape and affine), uint8 label
 * values. NiiVue keeps the drawing in RAS voxel order; its writer puts each voxel back at its
 * native place (`permRAS`), so the file lines up with `image.nii.gz` voxel for voxel.
 */
export async function drawingToNifti(
  image: NVImage,
  drawing: Uint8Array,
  gzip = true,
): Promise<Uint8Array> {
  return image.saveToUint8Array(gzip ? 'mask.nii.gz' : 'mask.nii', drawing);
}

/** NiiVue's members the stroke fast path wraps (not in its public types). */
interface NiivueDrawing {
  drawScene(): void;
  refreshDrawing(isForceRedraw?: boolean, useClickToSegmentBitmap?: boolean): void;
  drawPt(x: number, y: number, z: number, penValue: number, drawBitmap?: Uint8Array | null): void;
  drawPenLine(ptA: ArrayLike<number>, ptB: ArrayLike<number>, penValue: number): void;
  uiData: { mousedown: boolean };
  opts: {
    drawingEnabled: boolean;
    penSize: number;
    smoothDrawing: number;
    is2DSliceShader: boolean;
  };
  back: { dims: number[] } | null;
  gl: WebGL2RenderingContext;
  drawTexture: WebGLTexture | null;
  drawBitmap: Uint8Array | null;
}

/** Called after each change of the drawing (stroke, fill, undo, redo, merge). */
export type EditListener = (state: { canUndo: boolean; canRedo: boolean; edited: boolean }) => void;

/** Called when undo or redo moved over a tagged step (a guided prompt's). */
export type StepListener = (tag: unknown, direction: 'undo' | 'redo') => void;

/** A point of a slice under the mouse: NiiVue's RAS voxel (fractional) and the RAS axis the slice is across. */
export interface SlicePoint {
  ras: [number, number, number];
  axis: 0 | 1 | 2;
  tile: number;
}

export interface LoadedVolume {
  key: 'image' | OverlayKey;
  bytes: ArrayBuffer;
  name: string;
}

/**
 * The one file that speaks NiiVue: one WebGL2 canvas, the image as the background volume and
 * the label volumes over it. NiiVue itself is imported on first use, so it lands in the chunk of
 * the page that shows a volume and never in the main bundle.
 */
export class NiivueEngine {
  private readonly overlays = new Map<OverlayKey, NVImage>();
  /** Each label volume's own voxels, kept while its contour is shown. */
  private readonly filled = new Map<OverlayKey, NVImage['img']>();
  private outline = false;
  private image: NVImage | null = null;
  private autoWindow: WindowLevel | null = null;
  private opacity = 0.5;
  private hidden = new Set<OverlayKey>();
  private history: EditHistory | null = null;
  private onEdit: EditListener = () => undefined;
  /** Told when undo or redo passes a tagged step. */
  onStep: StepListener = () => undefined;
  private tool: EditTool = 'brush';
  private penValue = 1;
  private flat = false;
  /** NiiVue's own updateGLVolume, and the frame a merged one waits for (coalesceVolumeUpdates). */
  private updateVolumes: () => void = () => undefined;
  private volumeFrame = 0;

  private constructor(
    private readonly nv: Niivue,
    private readonly lib: typeof import('@niivue/niivue'),
    private readonly canvas: HTMLCanvasElement,
  ) {}

  static async create(canvas: HTMLCanvasElement, events: EngineEvents): Promise<NiivueEngine> {
    const lib = await import('@niivue/niivue');
    const nv = new lib.Niivue({
      backColor: [0, 0, 0, 1],
      crosshairColor: [1, 0.85, 0.1, 1],
      show3Dcrosshair: false,
      crosshairWidth: CROSSHAIR_WIDTH,
      crosshairWidthUnit: 'percent',
      isColorbar: false,
      isOrientCube: false,
      dragAndDropEnabled: false,
      loadingText: '',
      logLevel: 'error',
      multiplanarShowRender: lib.SHOW_RENDER.ALWAYS,
      multiplanarLayout: lib.MULTIPLANAR_TYPE.GRID,
      isNearestInterpolation: false,
      dragMode: lib.DRAG_MODE.contrast,
      // Our own history keeps the undo steps (as diffs); NiiVue's whole-volume copies stay few.
      maxDrawUndoBitmaps: 2,
    });
    await nv.attachToCanvas(canvas);
    const engine = new NiivueEngine(nv, lib, canvas);
    engine.coalesceStrokes();
    engine.coalesceVolumeUpdates();
    nv.onLocationChange = () => events.location(engine.probeAtCrosshair());
    nv.onIntensityChange = (volume: NVImage) => {
      if (volume === engine.image) events.window(windowOf(volume.cal_min!, volume.cal_max!));
    };
    return engine;
  }

  /** Replaces what is shown; label volumes are drawn with `colormap`. */
  async show(volumes: readonly LoadedVolume[], colormap: LabelColormap): Promise<void> {
    this.stopEditing();
    for (const volume of [...this.nv.volumes]) this.nv.removeVolume(volume);
    this.overlays.clear();
    this.filled.clear();
    const loaded = await Promise.all(
      volumes.map(async (v) => ({
        key: v.key,
        image: await this.lib.NVImage.loadFromUrl({ url: v.name, name: v.name, buffer: v.bytes }),
      })),
    );
    for (const { key, image } of loaded) {
      if (key === 'image') {
        this.image = image;
        image.colormap = 'gray';
      } else {
        image.hdr!.intent_code = NIFTI_INTENT_LABEL;
        image.setColormapLabel(colormap);
        this.overlays.set(key, image);
        this.filled.set(key, image.img);
      }
    }
    if (!this.image) throw new Error('No image to show');
    this.nv.addVolume(this.image);
    for (const key of ['truth', 'prediction'] as const) {
      const overlay = this.overlays.get(key);
      if (overlay) this.nv.addVolume(overlay);
    }
    // The new background's geometry (NiiVue's `back`) is set by this update: the drawing needs it.
    this.flushVolumeUpdate();
    this.autoWindow = windowOf(this.image.cal_min!, this.image.cal_max!);
    this.applyOpacity();
    this.setOutline(this.outline);
  }

  /** Voxel values of a label volume (to find the labels present). */
  overlayVoxels(key: OverlayKey): ArrayLike<number> | null {
    return (this.filled.get(key) as ArrayLike<number> | undefined) ?? null;
  }

  setColormap(colormap: LabelColormap): void {
    for (const overlay of this.overlays.values()) overlay.setColormapLabel(colormap);
    this.nv.updateGLVolume();
  }

  /** The window shown; null: the automatic one NiiVue computed at load. */
  setWindow(window: WindowLevel | null): WindowLevel | null {
    const shown = window ?? this.autoWindow;
    if (!this.image || !shown) return null;
    [this.image.cal_min, this.image.cal_max] = windowRange(shown);
    this.nv.updateGLVolume();
    return shown;
  }

  setOpacity(opacity: number): void {
    this.opacity = opacity;
    this.applyOpacity();
  }

  setVisible(key: OverlayKey, visible: boolean): void {
    if (visible) this.hidden.delete(key);
    else this.hidden.add(key);
    this.applyOpacity();
  }

  /**
   * Shows each label volume as the boundary of its regions, or filled again. Beside a prediction
   * the ground truth is always an outline: the same label has the same colour in both, and two
   * filled regions on top of each other cannot be told apart.
   */
  setOutline(outline: boolean): void {
    this.outline = outline;
    for (const [key, overlay] of this.overlays) {
      const filled = this.filled.get(key);
      if (!filled) continue;
      const dims = overlay.hdr!.dims;
      type Voxels = typeof filled & { [index: number]: number };
      const contour = outline || (key === 'truth' && this.overlays.has('prediction'));
      overlay.img = contour
        ? labelContour(filled as Voxels, [dims[1], dims[2], dims[3]], (n) => {
            const Ctor = (filled as unknown as { constructor: new (n: number) => Voxels })
              .constructor;
            return new Ctor(n);
          })
        : filled;
    }
    this.nv.updateGLVolume();
  }

  /**
   * A 2D picture (one slice): no orientation letters or crosshair across it, and its pixels drawn
   * as squares, not smoothed; a volume keeps NiiVue's defaults.
   */
  setFlat(flat: boolean): void {
    this.flat = flat;
    this.nv.setIsOrientationTextVisible(!flat);
    this.nv.setCrosshairWidth(flat ? 0 : CROSSHAIR_WIDTH);
    this.nv.setInterpolation(flat);
    // A picture keeps its stored columns left to right (a volume keeps NiiVue's convention).
    const perm = this.image?.permRAS as PermRAS | undefined;
    this.nv.setRadiologicalConvention(flat && !!perm && flatMirrored(perm));
  }

  setLayout(layout: ViewerLayout): void {
    const types = this.lib.SLICE_TYPE;
    const sliceType = {
      axial: types.AXIAL,
      coronal: types.CORONAL,
      sagittal: types.SAGITTAL,
      multiplanar: types.MULTIPLANAR,
      render: types.RENDER,
    }[layout];
    this.nv.setSliceType(sliceType);
  }

  /** The slice of `plane` the crosshair is on, and how many there are. */
  slice(plane: ViewerPlane): SlicePosition {
    if (!this.image) return { index: 0, count: 1 };
    const axis = PLANE_AXIS[plane];
    const voxel = this.nv.frac2vox(this.nv.scene.crosshairPos);
    const count = this.image.dimsRAS![axis + 1];
    return { index: Math.min(count - 1, Math.max(0, Math.round(voxel[axis]))), count };
  }

  /** Moves the crosshair to slice `index` of `plane` (clamped). */
  setSlice(plane: ViewerPlane, index: number): void {
    const { index: current, count } = this.slice(plane);
    const target = Math.min(count - 1, Math.max(0, Math.round(index)));
    if (target === current) return;
    const delta: [number, number, number] = [0, 0, 0];
    delta[PLANE_AXIS[plane]] = target - current;
    this.nv.moveCrosshairInVox(...delta);
  }

  /** What lies under a mouse position (CSS pixels relative to the canvas); null off the slices. */
  probeAt(x: number, y: number): ViewerProbe | null {
    const dpr = this.nv.uiData.dpr ?? 1;
    const frac = this.nv.canvasPos2frac([x * dpr, y * dpr]);
    return frac[0] < 0 ? null : this.probe(frac);
  }

  probeAtCrosshair(): ViewerProbe {
    return this.probe(this.nv.scene.crosshairPos);
  }

  /** The canvas as a PNG data URL as drawn now (for the tests and a person's snapshot). */
  redraw(): void {
    this.nv.drawScene();
  }

  /**
   * Turns the drawing layer on, starting from `start` (a label volume on the image's grid) or
   * empty. Each stroke lands in the history once, at its end.
   */
  async startEditing(
    start: LoadedVolume | null,
    colormap: LabelColormap,
    onEdit: EditListener,
  ): Promise<void> {
    if (!this.image) throw new Error('No image to edit');
    if (start) {
      const mask = await this.lib.NVImage.loadFromUrl({
        url: start.name,
        name: start.name,
        buffer: start.bytes,
      });
      if (!this.nv.loadDrawing(mask))
        throw new Error(`${start.name} does not lie on the image's grid`);
    } else {
      this.nv.createEmptyDrawing();
    }
    // NiiVue run-length-encodes the whole drawing into its own undo ring at every stroke's end
    // (16 MB scanned for a 256³ volume); its undo is never used here, our history is.
    (this.nv as unknown as { drawAddUndoBitmap: () => void }).drawAddUndoBitmap = () => undefined;
    this.history = new EditHistory(this.bitmap());
    this.onEdit = onEdit;
    this.nv.onDrawingChanged = (action: string) => {
      if (action === 'draw') this.commit();
    };
    this.setDrawColormap(colormap);
    this.nv.setDrawOpacity(this.opacity + 0.2);
    this.setTool(this.tool);
    this.emitEdit();
  }

  stopEditing(): void {
    if (!this.history) return;
    this.history = null;
    this.nv.onDrawingChanged = () => undefined;
    this.nv.setDrawingEnabled(false);
    this.nv.closeDrawing();
  }

  get editing(): boolean {
    return this.history !== null;
  }

  /** The drawing's label colours; a label with alpha 0 is hidden (per-label visibility). */
  setDrawColormap(colormap: LabelColormap): void {
    this.nv.drawLut = this.lib.cmapper.makeDrawLut(colormap as never);
    this.nv.updateGLVolume();
  }

  /**
   * Brush and eraser draw with NiiVue's pen, the polygon with its filled pen (the outline drawn
   * is filled on release); fill takes the clicks itself (`fillAt`).
   */
  setTool(tool: EditTool): void {
    this.tool = tool;
    if (!this.history) return;
    // Fill and the prompt tools take the clicks themselves: NiiVue's pen stays off.
    this.nv.setDrawingEnabled(tool !== 'fill' && !isPromptTool(tool));
    this.nv.setPenValue(tool === 'eraser' ? 0 : this.penValue, tool === 'polygon');
  }

  setPenLabel(value: number): void {
    this.penValue = value;
    this.setTool(this.tool);
  }

  setBrushSize(size: number): void {
    this.nv.opts.penSize = size;
  }

  /** Fills the closed region under a mouse position (CSS pixels) on the slice it lies in. */
  fillAt(x: number, y: number): boolean {
    if (!this.history || !this.image) return false;
    const point = this.slicePointAt(x, y);
    if (!point) return false;
    const axis = point.axis;
    const voxel = point.ras.map(Math.round) as [number, number, number];
    const dims = this.image.dimsRAS!;
    const changed = fillSliceRegion(
      this.bitmap(),
      [dims[1], dims[2], dims[3]],
      axis,
      voxel,
      this.penValue,
    );
    if (changed > 0) {
      this.nv.refreshDrawing(true);
      this.commit();
    }
    return changed > 0;
  }

  /**
   * The slice point under a mouse position (CSS pixels): NiiVue's own screen-to-voxel mapping
   * (canvasPos2frac, frac2vox) and the tile's plane; null off the 2D slices.
   */
  slicePointAt(x: number, y: number, tileIndex?: number): SlicePoint | null {
    const dpr = this.nv.uiData.dpr ?? 1;
    const [px, py] = [x * dpr, y * dpr];
    const tile = this.nv.screenSlices.findIndex(({ leftTopWidthHeight: [l, t, w, h] }) => {
      return px >= l && px < l + w && py >= t && py < t + h;
    });
    if (tile < 0 || (tileIndex !== undefined && tile !== tileIndex)) return null;
    const types = this.lib.SLICE_TYPE;
    const axis = (
      { [types.AXIAL]: 2, [types.CORONAL]: 1, [types.SAGITTAL]: 0 } as Record<number, 0 | 1 | 2>
    )[this.nv.screenSlices[tile].axCorSag];
    const frac = this.nv.canvasPos2frac([px, py]);
    if (axis === undefined || frac[0] < 0) return null;
    const ras = Array.from(this.nv.frac2vox(frac) as ArrayLike<number>) as [number, number, number];
    return { ras, axis, tile };
  }

  /** Where a RAS voxel is drawn on the canvas (CSS pixels); null where no slice shows it. */
  screenOf(ras: readonly number[]): [number, number] | null {
    const frac = this.nv.vox2frac(ras as never);
    const pos = this.nv.frac2canvasPos(frac);
    if (!pos) return null;
    const dpr = this.nv.uiData.dpr ?? 1;
    return [pos[0] / dpr, pos[1] / dpr];
  }

  /** The image's permRAS and its own voxel sizes (i, j, k): how its voxels map to the drawing. */
  grid(): { perm: [number, number, number]; dims: [number, number, number] } | null {
    const image = this.image;
    if (!image?.hdr) return null;
    const d = image.hdr.dims;
    return {
      perm: [...(image.permRAS as number[])] as [number, number, number],
      dims: [d[1], d[2], d[3]],
    };
  }

  /** Writes label values at RAS indices of the drawing, as one undo step tagged `tag`. */
  applyChange(rasIndices: ArrayLike<number>, values: ArrayLike<number>, tag: unknown): void {
    if (!this.history) return;
    const bitmap = this.bitmap();
    for (let i = 0; i < rasIndices.length; i++) bitmap[rasIndices[i]] = values[i];
    this.nv.refreshDrawing(true);
    if (this.history.record(bitmap, tag)) this.emitEdit();
  }

  /** Label voxels of the drawing that are not background. */
  drawnVoxels(): number {
    const bitmap = this.nv.drawBitmap;
    let n = 0;
    if (bitmap) for (let i = 0; i < bitmap.length; i++) if (bitmap[i] !== 0) n++;
    return n;
  }

  /** NiiVue's slice-to-slice interpolation of the drawing along `plane`. */
  interpolate(plane: ViewerPlane): void {
    if (!this.history) return;
    const types = this.lib.SLICE_TYPE;
    const sliceType = { axial: types.AXIAL, coronal: types.CORONAL, sagittal: types.SAGITTAL }[
      plane
    ];
    this.nv.interpolateMaskSlices(undefined, undefined, { sliceType });
    this.commit();
  }

  undo(): void {
    const tag = this.history?.undoTag ?? null;
    if (!this.history?.undo(this.bitmap())) return;
    if (tag !== null) this.onStep(tag, 'undo');
    this.afterHistoryMove();
  }

  redo(): void {
    const tag = this.history?.redoTag ?? null;
    if (!this.history?.redo(this.bitmap())) return;
    if (tag !== null) this.onStep(tag, 'redo');
    this.afterHistoryMove();
  }

  /** Adds `theirs` (a label volume on the grid) where the drawing is background, as one step. */
  async mergeUnder(theirs: LoadedVolume): Promise<void> {
    if (!this.history) return;
    const image = await this.lib.NVImage.loadFromUrl({
      url: theirs.name,
      name: theirs.name,
      buffer: theirs.bytes,
    });
    const other = image.img2RAS() as ArrayLike<number>;
    const mine = this.bitmap();
    if (other.length !== mine.length)
      throw new Error(`${theirs.name} does not lie on the image's grid`);
    for (let i = 0; i < mine.length; i++) if (mine[i] === 0 && other[i] !== 0) mine[i] = other[i];
    this.nv.refreshDrawing(true);
    this.commit();
  }

  /** The drawing as a gzipped NIfTI on the image's grid. */
  async exportDrawing(): Promise<Uint8Array> {
    if (!this.image || !this.history) throw new Error('Nothing is being edited');
    return drawingToNifti(this.image, this.bitmap());
  }

  /** The drawing's voxels (to find the labels it holds); empty when not editing. */
  drawingVoxels(): ArrayLike<number> {
    return this.nv.drawBitmap ?? [];
  }

  /** The current drawing counts as saved (the "edited" mark goes). */
  markSaved(): void {
    this.history?.markSaved();
    this.emitEdit();
  }

  dispose(): void {
    if (this.volumeFrame) cancelAnimationFrame(this.volumeFrame);
    this.updateVolumes = () => undefined;
    this.nv.cleanup();
    // Chromium allows only a few live WebGL contexts: give this one back at once.
    (this.canvas.getContext('webgl2') as WebGL2RenderingContext | null)
      ?.getExtension('WEBGL_lose_context')
      ?.loseContext();
  }

  /**
   * A brush stroke without lag. Per pointer move NiiVue draws the scene up to four times and
   * uploads the whole drawing to the GPU twice (16 MB each on a 256³ volume), which took ~180 ms a
   * move under SwiftShader. While a stroke is drawn, its scene draws are merged into one per
   * animation frame, and each frame uploads only the box of voxels the stroke touched since the
   * last one. Outside a stroke NiiVue runs as it is.
   */
  private coalesceStrokes(): void {
    const nv = this.nv as unknown as NiivueDrawing;
    const drawScene = nv.drawScene.bind(nv);
    const refreshDrawing = nv.refreshDrawing.bind(nv);
    const drawPt = nv.drawPt.bind(nv);
    const drawPenLine = nv.drawPenLine.bind(nv);
    const dirty = new DirtyBox();
    let frame = 0;
    const stroking = () => nv.uiData.mousedown && nv.opts.drawingEnabled;
    const flush = () => {
      frame = 0;
      if (!dirty.empty) this.uploadDrawing(dirty);
      drawScene();
    };
    const later = () => {
      if (!frame) frame = requestAnimationFrame(flush);
    };
    nv.drawScene = () => (stroking() || frame ? later() : drawScene());
    nv.drawPt = (x, y, z, penValue, drawBitmap = null) => {
      drawPt(x, y, z, penValue, drawBitmap);
      if (!drawBitmap) dirty.add([x, y, z], nv.opts.penSize);
    };
    nv.drawPenLine = (ptA, ptB, penValue) => {
      drawPenLine(ptA, ptB, penValue);
      dirty.add(ptA, nv.opts.penSize);
      dirty.add(ptB, nv.opts.penSize);
    };
    nv.refreshDrawing = (isForceRedraw = true, useClickToSegmentBitmap = false) => {
      const partial =
        stroking() &&
        !useClickToSegmentBitmap &&
        !nv.opts.is2DSliceShader &&
        !nv.opts.smoothDrawing;
      if (!partial) {
        if (frame) cancelAnimationFrame(frame);
        frame = 0;
        dirty.take([0, 0, 0]);
        return refreshDrawing(isForceRedraw, useClickToSegmentBitmap);
      }
      later();
    };
  }

  /**
   * NiiVue rebuilds every volume's textures on each setting change (colormap, window, opacity,
   * outline, convention): opening a 256³ case made about ten such rebuilds, each a full render
   * pass over the volume (minutes under SwiftShader). They are merged into one per animation
   * frame; `flushVolumeUpdate` runs a pending one at once where the next step needs it.
   */
  private coalesceVolumeUpdates(): void {
    const nv = this.nv as unknown as { updateGLVolume(): void };
    const update = nv.updateGLVolume.bind(nv);
    this.updateVolumes = update;
    nv.updateGLVolume = () => {
      if (!this.volumeFrame)
        this.volumeFrame = requestAnimationFrame(() => this.flushVolumeUpdate());
    };
  }

  private flushVolumeUpdate(): void {
    if (this.volumeFrame) cancelAnimationFrame(this.volumeFrame);
    this.volumeFrame = 0;
    this.updateVolumes();
  }

  /** Uploads the drawing's voxels inside `dirty` to NiiVue's drawing texture, in place. */
  private uploadDrawing(dirty: DirtyBox): void {
    const nv = this.nv as unknown as NiivueDrawing;
    const dims = nv.back?.dims;
    const bitmap = nv.drawBitmap;
    if (!dims || !bitmap || !nv.drawTexture) return;
    const box = dirty.take([dims[1], dims[2], dims[3]]);
    if (!box) return;
    const gl = nv.gl;
    gl.activeTexture(gl.TEXTURE7);
    gl.bindTexture(gl.TEXTURE_3D, nv.drawTexture);
    // Read the box straight out of the whole bitmap: no copy of the drawing.
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
    gl.pixelStorei(gl.UNPACK_ROW_LENGTH, dims[1]);
    gl.pixelStorei(gl.UNPACK_IMAGE_HEIGHT, dims[2]);
    gl.pixelStorei(gl.UNPACK_SKIP_PIXELS, box.offset[0]);
    gl.pixelStorei(gl.UNPACK_SKIP_ROWS, box.offset[1]);
    gl.pixelStorei(gl.UNPACK_SKIP_IMAGES, box.offset[2]);
    gl.texSubImage3D(
      gl.TEXTURE_3D,
      0,
      box.offset[0],
      box.offset[1],
      box.offset[2],
      box.size[0],
      box.size[1],
      box.size[2],
      gl.RED,
      gl.UNSIGNED_BYTE,
      bitmap,
    );
    for (const p of [
      gl.UNPACK_ROW_LENGTH,
      gl.UNPACK_IMAGE_HEIGHT,
      gl.UNPACK_SKIP_PIXELS,
      gl.UNPACK_SKIP_ROWS,
      gl.UNPACK_SKIP_IMAGES,
    ])
      gl.pixelStorei(p, 0);
  }

  private bitmap(): Uint8Array {
    const bitmap = this.nv.drawBitmap;
    if (!bitmap) throw new Error('No drawing open');
    return bitmap;
  }

  private commit(): void {
    if (this.history?.record(this.bitmap())) this.emitEdit();
  }

  private afterHistoryMove(): void {
    this.nv.refreshDrawing(true);
    this.emitEdit();
  }

  private emitEdit(): void {
    const h = this.history;
    if (h) this.onEdit({ canUndo: h.canUndo, canRedo: h.canRedo, edited: h.edited });
  }

  private probe(frac: ArrayLike<number>): ViewerProbe {
    const mm = this.nv.frac2mm(frac as never, 0, true);
    const valueOf = (volume: NVImage | undefined): number | null => {
      if (!volume) return null;
      const v = volume.mm2vox(mm as never) as ArrayLike<number>;
      return volume.getValue(v[0], v[1], v[2]);
    };
    const image = this.image;
    const ras = image ? (image.mm2vox(mm as never) as ArrayLike<number>) : [0, 0, 0];
    const perm = (image?.permRAS ?? [1, 2, 3]) as unknown as PermRAS;
    const dims = image?.hdr?.dims ?? [3, 1, 1, 1];
    // The file's own voxel: what the saved mask and other tools call it.
    const voxel = rasToNative(ras, perm, [dims[1], dims[2], dims[3]]);
    return {
      voxel,
      pixel: this.flat ? flatPixel(voxel, perm) : null,
      intensity: valueOf(this.image ?? undefined) ?? 0,
      prediction: valueOf(this.overlays.get('prediction')),
      truth: valueOf(this.overlays.get('truth')),
    };
  }

  private applyOpacity(): void {
    if (this.history) this.nv.setDrawOpacity(Math.min(1, this.opacity + 0.2));
    this.nv.volumes.forEach((volume, index) => {
      if (volume === this.image) return;
      const key = [...this.overlays].find(([, v]) => v === volume)?.[0];
      const visible = key !== undefined && !this.hidden.has(key);
      this.nv.setOpacity(index, visible ? this.opacity : 0);
    });
  }
}
