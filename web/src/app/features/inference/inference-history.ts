import { DatePipe } from '@angular/common';
import { Component, inject, input } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatCard, MatCardContent } from '@angular/material/card';
import { MatIcon } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { AuthService } from '../../core/auth/auth.service';
import { toApiError } from '../../shared/api-error';
import { OwnerFilterSelect } from '../../shared/ownership/owner-filter-select';
import { foreignOwner } from '../../shared/ownership/ownership.model';
import { type InferenceResultDto } from './inference.model';
import { InferenceService } from './inference.service';

/** The saved results of the chosen model: open one again, download its files, delete it. */
@Component({
  selector: 'app-inference-history',
  imports: [DatePipe, MatButton, MatCard, MatCardContent, MatIcon, OwnerFilterSelect],
  templateUrl: './inference-history.html',
  styleUrl: './inference-history.scss',
})
export class InferenceHistory {
  readonly modelName = input('');
  protected readonly inference = inject(InferenceService);
  protected readonly auth = inject(AuthService);
  protected readonly foreignOwner = foreignOwner;
  private readonly snackBar = inject(MatSnackBar);

  protected deleteResult(item: InferenceResultDto): void {
    this.inference.deleteResult(item).subscribe({
      next: () =>
        this.snackBar.open(`Deleted ${item.fileName || 'the result'}`, undefined, {
          duration: 3000,
        }),
      error: (error: unknown) =>
        this.snackBar.open(`Could not delete the result: ${toApiError(error).message}`, 'Dismiss'),
    });
  }
}
