import {
  Component,
  DestroyRef,
  ElementRef,
  InjectionToken,
  afterNextRender,
  effect,
  inject,
  input,
  untracked,
  viewChild,
} from '@angular/core';
import {
  Chart,
  type ChartConfiguration,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
} from 'chart.js';
import { type EpochDto } from './model.model';

// Only what line charts on linear axes need, so the rest of Chart.js stays out of the bundle.
Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);
Chart.defaults.font.family = 'Roboto, sans-serif';

export interface ChartPoint {
  x: number;
  /** null: no value at this epoch (Chart.js leaves a gap). */
  y: number | null;
}

export type LineChartConfig = ChartConfiguration<'line', ChartPoint[]>;

/** The part of a Chart.js chart this component drives; tests stand in for it. */
export interface LineChart {
  data: LineChartConfig['data'];
  update(mode?: 'none' | 'default'): void;
  destroy(): void;
}

/** Creates the chart on a canvas; jsdom has no canvas, so unit tests provide a fake. */
export const CHART_FACTORY = new InjectionToken<
  (canvas: HTMLCanvasElement, config: LineChartConfig) => LineChart
>('CHART_FACTORY', { factory: () => (canvas, config) => new Chart(canvas, config) });

export interface ChartSeries {
  label: string;
  /** A theme colour as a CSS custom property (`--mat-sys-primary`) or any CSS colour. */
  color: string;
  value: (epoch: EpochDto) => number | null;
  dashed?: boolean;
}

/** Colours of the azure/cyan theme, for when the custom properties cannot be read. */
const FALLBACK_COLORS: Record<string, string> = {
  '--mat-sys-primary': '#005cbb',
  '--mat-sys-tertiary': '#006a6a',
  '--mat-sys-error': '#ba1a1a',
  '--mat-sys-outline-variant': '#c4c6d0',
  '--mat-sys-on-surface-variant': '#44474e',
};

/**
 * A line chart of per-epoch metrics. New epochs are appended to the chart's data in place, so
 * points arrive with a short animation instead of the whole chart being drawn anew.
 */
@Component({
  selector: 'app-metric-chart',
  template: `<canvas #canvas role="img" [attr.aria-label]="label()"></canvas>`,
  styles: `
    :host {
      display: block;
      position: relative;
      height: 260px;
    }
  `,
})
export class MetricChart {
  readonly epochs = input.required<readonly EpochDto[]>();
  readonly series = input.required<readonly ChartSeries[]>();
  readonly label = input.required<string>();
  readonly yMin = input<number | undefined>(undefined);
  readonly yMax = input<number | undefined>(undefined);

  private readonly createChart = inject(CHART_FACTORY);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private chart: LineChart | null = null;
  /** The epochs the chart shows now, to tell an append from a change. */
  private plotted: readonly EpochDto[] = [];

  constructor() {
    afterNextRender(() => {
      this.chart = this.createChart(this.canvas().nativeElement, this.config());
      this.plotted = [];
      this.sync(this.epochs());
    });

    effect(() => {
      const epochs = this.epochs();
      untracked(() => this.sync(epochs));
    });

    inject(DestroyRef).onDestroy(() => {
      this.chart?.destroy();
      this.chart = null;
    });
  }

  private sync(epochs: readonly EpochDto[]): void {
    const chart = this.chart;
    if (!chart || epochs === this.plotted) return;
    const series = this.series();
    const appended =
      epochs.length >= this.plotted.length && this.plotted.every((e, i) => epochs[i] === e);
    const from = appended ? this.plotted.length : 0;
    chart.data.datasets.forEach((dataset, i) => {
      if (!appended) dataset.data.length = 0;
      for (const epoch of epochs.slice(from)) {
        dataset.data.push({ x: epoch.epoch, y: series[i].value(epoch) });
      }
    });
    this.plotted = epochs;
    chart.update();
  }

  private config(): LineChartConfig {
    // Theme colours are `light-dark(...)` expressions that canvas cannot parse: let the browser
    // resolve each on a probe element and hand Chart.js the computed rgb() value.
    const probe = document.createElement('span');
    probe.style.display = 'none';
    this.host.nativeElement.appendChild(probe);
    const color = (value: string) => {
      if (!value.startsWith('--')) return value;
      probe.style.color = '';
      probe.style.color = `var(${value})`;
      const resolved = getComputedStyle(probe).color;
      return resolved && probe.style.color ? resolved : FALLBACK_COLORS[value] || '#888';
    };
    const grid = color('--mat-sys-outline-variant');
    const text = color('--mat-sys-on-surface-variant');
    const datasets = this.series().map((s) => ({ ...s, resolved: color(s.color) }));
    probe.remove();
    return {
      type: 'line',
      data: {
        datasets: datasets.map((s) => ({
          label: s.label,
          data: [],
          borderColor: s.resolved,
          backgroundColor: s.resolved,
          borderWidth: 2,
          borderDash: s.dashed ? [6, 4] : [],
          pointRadius: 2.5,
          pointHoverRadius: 5,
          tension: 0.25,
        })),
      },
      options: epochChartOptions({
        text,
        grid,
        mode: 'index',
        yMin: this.yMin(),
        yMax: this.yMax(),
      }),
    };
  }
}

/** Axes, legend and tooltip of a chart of values per epoch, in the page's text and grid colours. */
export function epochChartOptions(o: {
  text: string;
  grid: string;
  /** 'index': every line's value at the hovered epoch; 'nearest': the closest line only. */
  mode: 'index' | 'nearest';
  yMin: number | undefined;
  yMax: number | undefined;
  /** Title of the y axis; none when unset. */
  yLabel?: string;
}): LineChartConfig['options'] {
  const { text, grid } = o;
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: { duration: 300 },
    interaction: { mode: o.mode, intersect: false },
    scales: {
      x: {
        type: 'linear',
        title: { display: true, text: 'Epoch', color: text },
        ticks: { precision: 0, color: text },
        grid: { color: grid },
        min: 1,
      },
      y: {
        min: o.yMin,
        max: o.yMax,
        ...(o.yLabel !== undefined
          ? { title: { display: true, text: o.yLabel, color: text } }
          : {}),
        ticks: { color: text },
        grid: { color: grid },
      },
    },
    plugins: {
      legend: { position: 'bottom', labels: { color: text, boxWidth: 12, boxHeight: 2 } },
      tooltip: {
        callbacks: {
          title: (items) => `Epoch ${items[0]?.parsed.x ?? ''}`,
          label: (item) => `${item.dataset.label}: ${(item.parsed.y ?? 0).toFixed(4)}`,
        },
      },
    },
  };
}
