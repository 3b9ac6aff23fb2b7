import { type LineChart, type LineChartConfig } from '../features/training/metric-chart';

/** Stand-in for a Chart.js chart (jsdom has no canvas): keeps the data and counts updates. */
export class FakeChart implements LineChart {
  static created: FakeChart[] = [];

  readonly data: LineChartConfig['data'];
  updates = 0;
  destroyed = false;

  constructor(
    readonly canvas: HTMLCanvasElement,
    readonly config: LineChartConfig,
  ) {
    this.data = config.data;
    FakeChart.created.push(this);
  }

  static factory(): (canvas: HTMLCanvasElement, config: LineChartConfig) => LineChart {
    FakeChart.created = [];
    return (canvas, config) => new FakeChart(canvas, config);
  }

  /** The points of one line, as [epoch, value] pairs. */
  points(series: number): [number, number | null][] {
    return this.data.datasets[series].data.map((p) => [p.x, p.y]);
  }

  update(): void {
    this.updates++;
  }

  destroy(): void {
    this.destroyed = true;
  }
}
