import { Component, computed, inject, output } from '@angular/core';
import { FORM_FIELDS, SELECT_FIELD } from '../../shared/form-imports';
import { AuthService } from '../../core/auth/auth.service';
import { type PairDto, datasetChoiceLabel } from '../datasets/dataset.model';
import { INFERENCE_PAIRS_PAGE_SIZE, InferenceService } from './inference.service';

/**
 * A ready dataset and one of its pairs, found by name and paged over all of them (a dataset may
 * hold thousands). Emits the pair picked; the page segments it.
 */
@Component({
  selector: 'app-pair-picker',
  imports: [...FORM_FIELDS, ...SELECT_FIELD],
  templateUrl: './pair-picker.html',
  styleUrl: './pair-picker.scss',
})
export class PairPicker {
  protected readonly inference = inject(InferenceService);
  protected readonly auth = inject(AuthService);
  protected readonly datasetChoiceLabel = datasetChoiceLabel;
  readonly picked = output<PairDto>();

  protected readonly pageCount = computed(() =>
    Math.ceil(this.inference.pairsTotal() / INFERENCE_PAIRS_PAGE_SIZE),
  );

  /** "Pairs 49–96 of 300" for the page shown. */
  protected readonly pairRange = computed(() => {
    const total = this.inference.pairsTotal();
    if (total === 0) return '';
    const first = (this.inference.pairsPage() - 1) * INFERENCE_PAIRS_PAGE_SIZE + 1;
    const last = Math.min(total, first + INFERENCE_PAIRS_PAGE_SIZE - 1);
    const matching = this.inference.pairsQuery() ? ' matching' : '';
    return `Pairs ${first}–${last} of ${total}${matching}`;
  });

  protected onDatasetChange(id: string): void {
    this.inference.loadPairs(id, { query: '' });
  }

  protected onPairSearch(query: string): void {
    const id = this.inference.pairsDatasetId();
    if (id && query.trim() !== this.inference.pairsQuery()) {
      this.inference.loadPairs(id, { query, page: 1 });
    }
  }

  protected pairPage(step: number): void {
    const id = this.inference.pairsDatasetId();
    if (id) this.inference.loadPairs(id, { page: this.inference.pairsPage() + step });
  }
}
