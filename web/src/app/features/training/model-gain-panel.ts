import { Component, DestroyRef, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import {
  GAIN_METRIC_LABELS,
  GAIN_STATE_TEXT,
  type GainMetricDto,
  type ModelGainDto,
  formatDifference,
  formatMetric,
  isGain,
} from './model-gain.model';
import { ModelGainStore } from './model-gain.store';

/** How often a running gain is read again (its two evaluations have their own pages with live streams). */
export const GAIN_POLL_MS = 5000;

/**
 * "Gain over parent" on the page of a fine-tuned model: both models scored on the same cases
 * (this model's validation split at its dataset version), parent, child and difference per
 * metric, links to both evaluations; while they run, their state. The page shows it only for a
 * model with a parent.
 */
@Component({
  selector: 'app-model-gain-panel',
  imports: [MatButton, MatIcon, MatProgressBar, RouterLink],
  template: `
    <section class="panel gain" aria-label="Gain over parent" data-testid="model-gain">
      <span class="panel-title"><mat-icon>trending_up</mat-icon>Gain over parent</span>
      @if (gain(); as g) {
        @if (g.state === 'completed') {
          <p class="hint" data-testid="gain-cases">
            Both scored on the same {{ g.caseCount }} validation
            {{ g.caseCount === 1 ? 'case' : 'cases' }} of dataset version {{ g.datasetVersion }}.
            @if (g.sameCases === false) {
              <strong>The two reports list different cases.</strong>
            }
          </p>
          <table class="gain-table" data-testid="gain-table">
            <thead>
              <tr>
                <th scope="col">Metric</th>
                <th scope="col">Parent</th>
                <th scope="col">This model</th>
                <th scope="col">Difference</th>
              </tr>
            </thead>
            <tbody>
              @for (m of g.metrics; track m.metric) {
                <tr [attr.data-metric]="m.metric">
                  <th scope="row">{{ labels[m.metric] }}</th>
                  <td>{{ formatMetric(m, m.parent) }}</td>
                  <td>{{ formatMetric(m, m.child) }}</td>
                  <td
                    data-testid="gain-difference"
                    [class.better]="isGain(m) === true"
                    [class.worse]="isGain(m) === false"
                  >
                    {{ formatDifference(m) }}
                  </td>
                </tr>
              }
            </tbody>
          </table>
          @if (g.perClass.length > 1) {
            <p class="hint" data-testid="gain-per-class">
              Dice per class:
              @for (c of g.perClass; track c.labelValue; let last = $last) {
                {{ c.name || 'label ' + c.labelValue }} {{ classDice(c.metrics)
                }}{{ last ? '' : ' · ' }}
              }
            </p>
          }
        } @else {
          <p class="hint" data-testid="gain-state" [attr.data-state]="g.state">
            {{ stateText[g.state] }}
          </p>
          @if (g.state === 'running') {
            <mat-progress-bar mode="indeterminate" />
          }
          @if ((g.state === 'not-started' || g.state === 'failed') && canStart()) {
            <button
              matButton="tonal"
              type="button"
              data-testid="gain-start"
              [disabled]="starting()"
              (click)="start()"
            >
              <mat-icon>fact_check</mat-icon>
              Evaluate the gain
            </button>
          }
        }
        <span class="links">
          @if (g.parentEvaluation; as e) {
            <a [routerLink]="['/evaluations', e.id]" data-testid="gain-parent-evaluation"
              >Parent's evaluation</a
            >
          }
          @if (g.childEvaluation; as e) {
            <a [routerLink]="['/evaluations', e.id]" data-testid="gain-child-evaluation"
              >This model's evaluation</a
            >
          }
        </span>
      } @else if (error()) {
        <p class="hint" role="alert" data-testid="gain-error">{{ error() }}</p>
      } @else {
        <mat-progress-bar mode="indeterminate" />
      }
    </section>
  `,
  styleUrl: './model-gain-panel.scss',
})
export class ModelGainPanel {
  /** The fine-tuned model (it has a parent). */
  readonly modelId = input.required<string>();
  /** The model's status: a completed child's gain is evaluated by then. */
  readonly modelStatus = input<string>('');
  /** Whether the signed-in user may start evaluations. */
  readonly canStart = input(false);

  private readonly store = inject(ModelGainStore);
  protected readonly gain = signal<ModelGainDto | null>(null);
  protected readonly error = signal('');
  protected readonly starting = signal(false);
  private timer: ReturnType<typeof setTimeout> | undefined;
  private loadedFor = '';
  private polledOnce = false;

  protected readonly labels = GAIN_METRIC_LABELS;
  protected readonly stateText = GAIN_STATE_TEXT;
  protected readonly formatMetric = formatMetric;
  protected readonly formatDifference = formatDifference;
  protected readonly isGain = isGain;

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.timer));
    // Again when the model changes, or completes (its gain evaluations are queued then).
    effect(() => {
      const key = `${this.modelId()}:${this.modelStatus()}`;
      untracked(() => {
        if (key === this.loadedFor) return;
        this.loadedFor = key;
        this.gain.set(null);
        void this.load();
      });
    });
  }

  protected classDice(metrics: GainMetricDto[]): string {
    const dice = metrics.find((m) => m.metric === 'dice');
    return dice ? formatDifference(dice) : '–';
  }

  protected async start(): Promise<void> {
    this.starting.set(true);
    try {
      this.show(await this.store.start(this.modelId()));
    } catch (error) {
      this.error.set((error as Error).message);
    } finally {
      this.starting.set(false);
    }
  }

  private async load(): Promise<void> {
    clearTimeout(this.timer);
    const id = this.modelId();
    try {
      const gain = await this.store.load(id);
      if (id === this.modelId()) this.show(gain);
    } catch (error) {
      this.error.set((error as Error).message);
    }
  }

  private show(gain: ModelGainDto): void {
    this.error.set('');
    this.gain.set(gain);
    clearTimeout(this.timer);
    // A just-completed child's evaluations are queued a moment after it completes: look again too.
    if (
      gain.state === 'running' ||
      (gain.state === 'not-started' && this.modelStatus() === 'completed' && !this.polledOnce)
    ) {
      if (gain.state === 'not-started') this.polledOnce = true;
      this.timer = setTimeout(() => void this.load(), GAIN_POLL_MS);
    }
  }
}
