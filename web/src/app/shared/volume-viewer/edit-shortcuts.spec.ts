import { brushSize, editShortcut } from './edit-shortcuts';

const key = (k: string, mods: Partial<KeyboardEvent> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('editShortcut', () => {
  it('maps the tool, size and label keys', () => {
    expect(editShortcut(key('b'))).toEqual({ kind: 'tool', tool: 'brush' });
    expect(editShortcut(key('E'))).toEqual({ kind: 'tool', tool: 'eraser' });
    expect(editShortcut(key('f'))).toEqual({ kind: 'tool', tool: 'fill' });
    expect(editShortcut(key('p'))).toEqual({ kind: 'tool', tool: 'polygon' });
    expect(editShortcut(key('c'))).toEqual({ kind: 'tool', tool: 'click' });
    expect(editShortcut(key('x'))).toEqual({ kind: 'tool', tool: 'box' });
    expect(editShortcut(key('s'))).toEqual({ kind: 'tool', tool: 'scribble' });
    expect(editShortcut(key('L'))).toEqual({ kind: 'tool', tool: 'lasso' });
    expect(editShortcut(key('['))).toEqual({ kind: 'size', delta: -1 });
    expect(editShortcut(key(']'))).toEqual({ kind: 'size', delta: 1 });
    expect(editShortcut(key('3'))).toEqual({ kind: 'label', position: 2 });
    expect(editShortcut(key('0'))).toBeNull();
    expect(editShortcut(key('ArrowUp'))).toBeNull();
  });

  it('maps undo and redo with Ctrl or Cmd', () => {
    expect(editShortcut(key('z', { ctrlKey: true }))).toEqual({ kind: 'undo' });
    expect(editShortcut(key('Z', { ctrlKey: true, shiftKey: true }))).toEqual({ kind: 'redo' });
    expect(editShortcut(key('z', { metaKey: true }))).toEqual({ kind: 'undo' });
    expect(editShortcut(key('y', { ctrlKey: true }))).toEqual({ kind: 'redo' });
    expect(editShortcut(key('b', { ctrlKey: true }))).toBeNull();
  });
});

describe('brushSize', () => {
  it('stays within its bounds', () => {
    expect(brushSize(1, -1)).toBe(1);
    expect(brushSize(3, 1)).toBe(4);
    expect(brushSize(50, 1)).toBe(50);
  });
});
