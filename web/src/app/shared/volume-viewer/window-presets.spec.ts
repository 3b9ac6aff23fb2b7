import { WINDOW_PRESETS, fileWindow, windowOf, windowRange } from './window-presets';

describe('window presets', () => {
  it('offers the file default and the usual CT windows', () => {
    expect(WINDOW_PRESETS.map((p) => [p.id, p.window])).toEqual([
      ['file', null],
      ['brain', { center: 40, width: 80 }],
      ['lung', { center: -600, width: 1500 }],
      ['bone', { center: 400, width: 1800 }],
      ['abdomen', { center: 50, width: 400 }],
    ]);
  });

  it('turns a window into the range shown and back', () => {
    expect(windowRange({ center: 40, width: 80 })).toEqual([0, 80]);
    expect(windowRange({ center: -600, width: 1500 })).toEqual([-1350, 150]);
    expect(windowOf(-1350, 150)).toEqual({ center: -600, width: 1500 });
  });

  it('uses the file`s own window only when it has a positive width', () => {
    expect(fileWindow(40, 400)).toEqual({ center: 40, width: 400 });
    expect(fileWindow(40, 0)).toBeNull();
    expect(fileWindow(null, null)).toBeNull();
    expect(fileWindow(Number.NaN, 10)).toBeNull();
  });
});
