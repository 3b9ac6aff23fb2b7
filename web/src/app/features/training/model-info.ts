import { DatePipe, DecimalPipe } from '@angular/common';
import { Component, computed, input } from '@angular/core';
import { MatTooltip } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import { formatBytes } from '../../shared/format';
import { labelName } from '../../shared/label-names';
import {
  type EpochDto,
  type ModelDetailDto,
  architectureLabel,
  augmentationLabel,
  bestSummary,
  classScores,
  earlyStoppingLabel,
  lossLabel,
  lrScheduleLabel,
  optimizerLabel,
  VOLUME_ARCHITECTURES,
} from './model.model';

/**
 * The model page's four cards: hyper-parameters, data (with Dice per class), weights and the
 * post-processing training chose.
 */
@Component({
  selector: 'app-model-info',
  imports: [DatePipe, DecimalPipe, MatTooltip, RouterLink],
  templateUrl: './model-info.html',
  styleUrl: './model-info.scss',
})
export class ModelInfo {
  readonly model = input.required<ModelDetailDto>();
  /** The epoch whose weights are kept, for the per-class table. */
  readonly best = input<EpochDto | null>(null);

  protected readonly perClass = computed(() =>
    classScores(this.model().metrics, this.best(), this.model().classes?.labelValues ?? []),
  );
  /** The model's name for a label value ("label <value>" where it has none). */
  protected name(value: number): string {
    return labelName(this.model().classes?.labels, value);
  }

  protected readonly bestEpoch = computed(
    () => bestSummary(this.model().metrics, this.best())?.epoch ?? null,
  );
  protected readonly hyperparameters = computed(() => {
    const h = this.model().hyperparameters;
    if (!h) return [];
    const rows: { label: string; value: string }[] = [
      { label: 'Architecture', value: architectureLabel(h.architecture) },
    ];
    if (h.architecture === 'resunet') {
      rows.push({ label: 'Encoder', value: `ResNet-${h.encoderDepth}` });
    } else {
      rows.push(
        { label: 'Depth', value: `${h.depth} levels` },
        { label: 'Base channels', value: String(h.baseChannels) },
      );
    }
    rows.push(
      { label: 'Epochs', value: String(h.epochs) },
      { label: 'Learning rate', value: String(h.learningRate) },
      { label: 'Batch size', value: String(h.batchSize) },
      { label: 'Input size', value: `${h.inputSize} × ${h.inputSize} px` },
      { label: 'Validation fraction', value: String(h.validationFraction) },
      { label: 'Augmentation', value: augmentationLabel(h) },
      { label: 'Optimizer', value: optimizerLabel(h.optimizer) },
      { label: 'LR schedule', value: lrScheduleLabel(h.lrSchedule) },
      { label: 'Early stopping', value: earlyStoppingLabel(h.earlyStoppingPatience) },
      { label: 'Loss', value: lossLabel(h.loss) },
      { label: 'Dropout', value: h.dropout ? String(h.dropout) : 'None' },
      {
        label: 'Guided',
        value: h.guided ? 'Yes: takes click, box, scribble and lasso prompts' : 'No',
      },
      { label: 'Seed', value: String(h.seed) },
    );
    return rows;
  });

  /** "class 1 (brain)": post-processing names classes by index, the label value's name says which. */
  protected className(index: number): string {
    const value = this.model().classes?.labelValues[index];
    return value === undefined ? `class ${index}` : `class ${index} (${this.name(value)})`;
  }

  /** The post-processing card's rows; null when the model records none (before it existed). */
  protected readonly postProcessing = computed(() => {
    const pp = this.model().postProcessing;
    if (!pp) return null;
    // Sizes count on the network's grid: voxels of a resampled volume, pixels of a 2D input.
    const unit = VOLUME_ARCHITECTURES.includes(this.model().hyperparameters.architecture)
      ? 'voxels'
      : 'px';
    const rows: { label: string; value: string }[] = [];
    if (pp.largestComponentClasses.length > 0) {
      rows.push({
        label: 'Largest component',
        value: pp.largestComponentClasses.map((c) => this.className(c)).join(', '),
      });
    }
    for (const { classIndex, size } of pp.minComponentSize) {
      rows.push({
        label: 'Drop components',
        value: `< ${size} ${unit}: ${this.className(classIndex)}`,
      });
    }
    if (rows.length === 0) rows.push({ label: 'Filters', value: 'None' });
    const dice = (d: number | null) => (d === null ? '–' : d.toFixed(3));
    for (const d of pp.validationDice) {
      rows.push({
        label: `Dice ${this.className(d.classIndex)}`,
        value: `${dice(d.before)} → ${dice(d.after)}`,
      });
    }
    if (pp.validationCases > 0) {
      const training = pp.trainingCases > 0 ? ` and ${pp.trainingCases} training` : '';
      rows.push({ label: 'Chosen on', value: `${pp.validationCases} validation${training} cases` });
    }
    return { rows, note: pp.note };
  });

  protected readonly formatBytes = formatBytes;
}
