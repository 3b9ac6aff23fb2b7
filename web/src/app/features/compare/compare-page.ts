import { DecimalPipe } from '@angular/common';
import { Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatOption, MatSelect, MatSelectTrigger } from '@angular/material/select';
import { MatTooltip } from '@angular/material/tooltip';
import { MatButton } from '@angular/material/button';
import { Router, RouterLink } from '@angular/router';
import { EmptyState } from '../../shared/empty-state';
import { PageHeader } from '../../shared/page-header';
import { FlatResultViewer } from '../inference/flat-result-viewer';
import { architectureLabel } from '../training/model.model';
import { type CompareColumn, type CompareRow, compareRows, modelColor, parseIds } from './compare';
import { chooseEvaluation, dataFairness } from './compare-fairness';
import { CompareChart, type CompareLine } from './compare-chart';
import { CompareService } from './compare.service';
import { AuthService } from '../../core/auth/auth.service';
import { foreignOwnerNote } from '../../shared/ownership/ownership.model';
import { datasetChoiceLabel } from '../datasets/dataset.model';

export type CurveMode = 'dice' | 'loss';

const GROUP_LABELS: Record<CompareRow['group'], string> = {
  model: 'Model',
  metrics: 'Training (validation split)',
  evaluation: 'Latest evaluation',
  hyperparameters: 'Hyperparameters',
};

/**
 * Several completed models next to each other: their settings and metrics with the best value of
 * each row marked, their learning curves on one chart, and their predictions on one pair.
 */
@Component({
  selector: 'app-compare-page',
  imports: [
    CompareChart,
    DecimalPipe,
    EmptyState,
    FlatResultViewer,
    MatButton,
    MatButtonToggle,
    MatButtonToggleGroup,
    MatFormField,
    MatHint,
    MatIcon,
    MatLabel,
    MatOption,
    MatProgressBar,
    MatSelect,
    MatSelectTrigger,
    MatTooltip,
    PageHeader,
    RouterLink,
  ],
  templateUrl: './compare-page.html',
  styleUrl: './compare-page.scss',
})
export class ComparePage {
  protected readonly datasetChoiceLabel = datasetChoiceLabel;
  protected readonly foreignOwnerNote = foreignOwnerNote;
  /** `?ids=a,b,c`, bound from the query. */
  readonly ids = input<string | undefined>(undefined);

  protected readonly compare = inject(CompareService);
  protected readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  protected readonly selectedIds = computed(() => parseIds(this.ids()));
  /** The chosen models in order, with their colour once loaded. */
  protected readonly models = computed(() =>
    this.selectedIds().map((id, index) => ({
      id,
      color: modelColor(index),
      entry: this.compare.entries()[id] ?? null,
    })),
  );
  protected readonly loading = computed(() =>
    this.models().some((m) => !m.entry || (!m.entry.detail && !m.entry.error)),
  );
  /** After "Evaluate all on <dataset>": the evaluation rows rank the evaluations on that dataset. */
  protected readonly rankDatasetId = signal<string | null>(null);
  /** The dataset "Evaluate all on" offers; the first model's own until the user picks another. */
  protected readonly evaluateDatasetId = signal<string | null>(null);
  protected readonly loaded = computed(() => {
    const rankOn = this.rankDatasetId();
    return this.models().flatMap((m) =>
      m.entry?.detail
        ? [
            {
              id: m.id,
              color: m.color,
              detail: m.entry.detail,
              evaluation:
                rankOn === null
                  ? m.entry.evaluation
                  : chooseEvaluation(m.entry.evaluations, rankOn),
            },
          ]
        : [],
    );
  });
  protected readonly fairness = computed(() =>
    dataFairness(
      this.loaded().map((m): CompareColumn => ({ detail: m.detail, evaluation: m.evaluation })),
    ),
  );
  protected readonly evaluateDatasetName = computed(() => {
    const id = this.evaluateDatasetId() ?? this.loaded()[0]?.detail.datasetId ?? null;
    return (
      this.compare.datasets()?.find((d) => d.id === id)?.name ??
      this.loaded().find((m) => m.detail.datasetId === id)?.detail.datasetName ??
      ''
    );
  });
  protected readonly rankDatasetName = computed(() => {
    const id = this.rankDatasetId();
    return this.compare.datasets()?.find((d) => d.id === id)?.name ?? id ?? '';
  });
  protected readonly failed = computed(() =>
    this.models().flatMap((m) => (m.entry?.error ? [{ id: m.id, error: m.entry.error }] : [])),
  );
  protected readonly rows = computed(() =>
    compareRows(
      this.loaded().map((m): CompareColumn => ({ detail: m.detail, evaluation: m.evaluation })),
    ),
  );
  protected readonly groups = computed(() => {
    const rows = this.rows();
    return (Object.keys(GROUP_LABELS) as CompareRow['group'][])
      .map((group) => ({
        group,
        label: GROUP_LABELS[group],
        rows: rows.filter((r) => r.group === group),
      }))
      .filter((g) => g.rows.length > 0);
  });

  /** `2 models: small v1, large v2` rather than every option's full text. */
  protected readonly triggerText = computed(() => {
    const names = this.models().map((m) => {
      const detail = m.entry?.detail ?? this.compare.choices()?.find((c) => c.id === m.id);
      return detail ? `${detail.name} v${detail.version}` : '…';
    });
    return `${names.length} model${names.length === 1 ? '' : 's'}: ${names.join(', ')}`;
  });

  protected readonly curveMode = signal<CurveMode>('dice');
  protected readonly lines = computed((): CompareLine[] => {
    const mode = this.curveMode();
    return this.loaded().flatMap((m) => {
      const name = `${m.detail.name} v${m.detail.version}`;
      const history = m.detail.history ?? [];
      if (mode === 'dice') {
        return [
          {
            label: name,
            color: m.color,
            points: history.map((e) => ({ x: e.epoch, y: e.valDice })),
          },
        ];
      }
      return [
        {
          label: `${name} · val`,
          color: m.color,
          points: history.map((e) => ({ x: e.epoch, y: e.valLoss })),
        },
        {
          label: `${name} · train`,
          color: m.color,
          dashed: true,
          points: history.map((e) => ({ x: e.epoch, y: e.trainLoss })),
        },
      ];
    });
  });

  protected readonly datasetId = signal<string | null>(null);
  protected readonly pairIndex = signal<number | null>(null);
  protected readonly pair = computed(
    () => this.compare.pairs().find((p) => p.index === this.pairIndex()) ?? null,
  );
  /** The ground truth is the same for every model: shown once, from the first answer with it. */
  protected readonly truth = computed(() => {
    const predictions = this.compare.predictions();
    for (const m of this.loaded()) {
      const result = predictions[m.id]?.result;
      if (result?.groundTruth) return result;
    }
    return null;
  });
  protected readonly architectureLabel = architectureLabel;

  constructor() {
    this.compare.loadChoices();
    this.compare.loadDatasets();
    effect(() => {
      const ids = this.selectedIds();
      untracked(() => this.compare.loadModels(ids));
    });
    // Test on the first model's own dataset until the user picks another.
    effect(() => {
      const first = this.loaded()[0];
      if (first && !untracked(this.datasetId)) this.chooseDataset(first.detail.datasetId);
    });
    // A new pair, or a model added, asks every model again.
    effect(() => {
      const datasetId = this.datasetId();
      const pairIndex = this.pairIndex();
      const ids = this.loaded().map((m) => m.id);
      if (datasetId === null || pairIndex === null || ids.length === 0) return;
      untracked(() => this.compare.predict(ids, datasetId, pairIndex));
    });
  }

  protected onModels(ids: string[]): void {
    // Keep the order the models were chosen in, so colours stay with their model.
    const kept = this.selectedIds().filter((id) => ids.includes(id));
    const added = ids.filter((id) => !kept.includes(id));
    const next = [...kept, ...added];
    void this.router.navigate([], {
      queryParams: { ids: next.length ? next.join(',') : null },
      replaceUrl: true,
    });
  }

  protected chooseDataset(id: string): void {
    this.datasetId.set(id);
    this.pairIndex.set(null);
    this.compare.loadPairs(id);
  }

  /** One evaluation per model on the chosen dataset, then the table ranks those. */
  protected evaluateAll(): void {
    const datasetId = this.evaluateDatasetId() ?? this.loaded()[0]?.detail.datasetId;
    if (!datasetId) return;
    this.rankDatasetId.set(datasetId);
    this.compare.evaluateAll(
      this.loaded().map((m) => m.id),
      datasetId,
    );
  }

  protected isBest(row: CompareRow, column: number): boolean {
    return row.best.includes(column);
  }
}
