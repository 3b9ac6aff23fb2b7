import {
  Component,
  DestroyRef,
  type ElementRef,
  afterNextRender,
  effect,
  inject,
  input,
  untracked,
  viewChild,
} from '@angular/core';
import {
  CHART_FACTORY,
  type ChartPoint,
  type LineChart,
  type LineChartConfig,
  epochChartOptions,
} from '../training/metric-chart';

/** One line: a metric of one model per epoch. */
export interface CompareLine {
  label: string;
  /** Any CSS colour canvas understands (hex). */
  color: string;
  dashed?: boolean;
  points: ChartPoint[];
}

/**
 * Learning curves of several models on one chart. The lines are replaced when the inputs change
 * (another metric, a model added or removed); the chart itself is created once.
 */
@Component({
  selector: 'app-compare-chart',
  template: `<canvas #canvas role="img" [attr.aria-label]="label()"></canvas>`,
  host: { '[attr.data-lines]': 'lines().length' },
  styles: `
    :host {
      display: block;
      position: relative;
      height: 320px;
    }
  `,
})
export class CompareChart {
  readonly lines = input.required<readonly CompareLine[]>();
  readonly label = input.required<string>();
  readonly yLabel = input('');
  readonly yMin = input<number | undefined>(undefined);
  readonly yMax = input<number | undefined>(undefined);

  private readonly createChart = inject(CHART_FACTORY);
  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private chart: LineChart | null = null;

  constructor() {
    afterNextRender(() => {
      this.chart = this.createChart(this.canvas().nativeElement, this.config());
      this.sync();
    });
    effect(() => {
      this.lines();
      this.yMin();
      this.yMax();
      untracked(() => this.sync());
    });
    inject(DestroyRef).onDestroy(() => {
      this.chart?.destroy();
      this.chart = null;
    });
  }

  private sync(): void {
    const chart = this.chart;
    if (!chart) return;
    chart.data.datasets = this.lines().map((line) => ({
      label: line.label,
      data: line.points,
      borderColor: line.color,
      backgroundColor: line.color,
      borderWidth: 2,
      borderDash: line.dashed ? [6, 4] : [],
      pointRadius: 2.5,
      pointHoverRadius: 5,
      tension: 0.25,
    }));
    const options = (chart as unknown as { options?: LineChartConfig['options'] }).options;
    const y = options?.scales?.['y'];
    if (y) {
      y.min = this.yMin();
      y.max = this.yMax();
      if (y.title) y.title.text = this.yLabel();
    }
    chart.update();
  }

  private config(): LineChartConfig {
    const styles = getComputedStyle(document.documentElement);
    const text = styles.getPropertyValue('color') || '#44474e';
    const grid = 'rgba(128, 128, 128, 0.25)';
    return {
      type: 'line',
      data: { datasets: [] },
      options: epochChartOptions({
        text,
        grid,
        mode: 'nearest',
        yMin: this.yMin(),
        yMax: this.yMax(),
        yLabel: this.yLabel(),
      }),
    };
  }
}
