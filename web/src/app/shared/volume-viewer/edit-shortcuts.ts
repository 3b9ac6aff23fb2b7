/** The editing tools of the volume viewer. */
export type EditTool = 'brush' | 'eraser' | 'fill' | 'polygon' | PromptTool;

/** The guided model's prompt tools: each interaction asks the model to segment again. */
export type PromptTool = 'click' | 'box' | 'scribble' | 'lasso';

export const PROMPT_TOOLS: readonly PromptTool[] = ['click', 'box', 'scribble', 'lasso'];

export function isPromptTool(tool: EditTool): tool is PromptTool {
  return (PROMPT_TOOLS as readonly string[]).includes(tool);
}

export type EditAction =
  | { kind: 'tool'; tool: EditTool }
  | { kind: 'size'; delta: number }
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'label'; position: number };

/** The keys and what they do, as the help panel lists them (one home for both). */
export const EDIT_SHORTCUTS: readonly { keys: string; does: string }[] = [
  { keys: 'B', does: 'Brush' },
  { keys: 'E', does: 'Eraser' },
  { keys: 'F', does: 'Fill a closed region' },
  { keys: 'P', does: 'Polygon: draw an outline, it fills when you let go' },
  { keys: 'C', does: 'Click prompt (guided model; right click or Shift: negative)' },
  { keys: 'X', does: 'Box prompt: drag around what to segment' },
  { keys: 'S', does: 'Scribble prompt: a stroke inside it' },
  { keys: 'L', does: 'Lasso prompt: an outline around it' },
  { keys: '[ / ]', does: 'Smaller / larger brush' },
  { keys: 'Ctrl+Z', does: 'Undo' },
  { keys: 'Ctrl+Shift+Z / Ctrl+Y', does: 'Redo' },
  { keys: '1 … 9', does: 'Pick the nth label' },
];

type KeyLike = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>;

/** What a key press does while editing; null for keys the editor leaves alone. */
export function editShortcut(event: KeyLike): EditAction | null {
  const key = event.key.toLowerCase();
  if (event.ctrlKey || event.metaKey) {
    if (key === 'z') return event.shiftKey ? { kind: 'redo' } : { kind: 'undo' };
    if (key === 'y') return { kind: 'redo' };
    return null;
  }
  if (event.altKey) return null;
  if (key === 'b') return { kind: 'tool', tool: 'brush' };
  if (key === 'e') return { kind: 'tool', tool: 'eraser' };
  if (key === 'f') return { kind: 'tool', tool: 'fill' };
  if (key === 'p') return { kind: 'tool', tool: 'polygon' };
  if (key === 'c') return { kind: 'tool', tool: 'click' };
  if (key === 'x') return { kind: 'tool', tool: 'box' };
  if (key === 's') return { kind: 'tool', tool: 'scribble' };
  if (key === 'l') return { kind: 'tool', tool: 'lasso' };
  if (key === '[') return { kind: 'size', delta: -1 };
  if (key === ']') return { kind: 'size', delta: 1 };
  if (/^[1-9]$/.test(key)) return { kind: 'label', position: Number(key) - 1 };
  return null;
}

export const MIN_BRUSH = 1;
export const MAX_BRUSH = 50;

/** The brush size after `delta` steps, within its bounds. */
export function brushSize(size: number, delta: number): number {
  return Math.min(MAX_BRUSH, Math.max(MIN_BRUSH, Math.round(size + delta)));
}
