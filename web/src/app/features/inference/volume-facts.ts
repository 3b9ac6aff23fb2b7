import { DecimalPipe } from '@angular/common';
import { Component, computed, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { labelName } from '../../shared/label-names';
import { type VolumeResultDto } from './inference.model';

/**
 * What a volume result is beside its pictures: size and spacing, timings, the downloads (NIfTI
 * mask on the input's own grid, DICOM-SEG for DICOM input) and, against a ground truth, the scores
 * per class with their names and units.
 */
@Component({
  selector: 'app-volume-facts',
  imports: [DecimalPipe, MatIcon],
  templateUrl: './volume-facts.html',
  styleUrl: './volume-facts.scss',
})
export class VolumeFacts {
  readonly result = input.required<VolumeResultDto>();

  protected readonly maskUrl = computed(() => this.downloadUrl('nifti'));
  protected readonly dicomSegUrl = computed(() => this.downloadUrl('dicom-seg'));
  protected readonly spacing = computed(() =>
    this.result()
      .spacing.map((s) => Number(s.toFixed(3)))
      .join(' × '),
  );

  protected className(value: number, name: string): string {
    return name || labelName(this.result().labels, value);
  }

  /** A score as a percentage, "–" when not scored (absent from both). */
  protected percent(value: number | null | undefined): string {
    return value === null || value === undefined || !Number.isFinite(value)
      ? '–'
      : `${(value * 100).toFixed(1)}%`;
  }

  /** A distance in the result's unit, "–" when not scored. */
  protected distance(value: number | null | undefined): string {
    return value === null || value === undefined || !Number.isFinite(value)
      ? '–'
      : value.toFixed(2);
  }

  private downloadUrl(format: 'nifti' | 'dicom-seg'): string {
    const id = encodeURIComponent(this.result().id);
    return `/api/inference-results/${id}/mask?format=${format}`;
  }
}
