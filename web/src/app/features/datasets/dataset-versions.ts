import { DatePipe } from '@angular/common';
import { Component, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { errorMessage } from '../../shared/api-error';
import { type DatasetVersionDto } from './annotation.model';
import { AnnotationService, versionArchiveUrl } from './annotation.service';

/** The dataset's versions, newest first: what each changed, who saved it and when, its ZIP. */
@Component({
  selector: 'app-dataset-versions',
  imports: [DatePipe, MatButton, MatIcon],
  template: `
    <h2 id="versions-title">Versions</h2>
    @if (error(); as message) {
      <p class="error" role="alert">Could not load the versions: {{ message }}</p>
    }
    <ol class="versions" aria-labelledby="versions-title" data-testid="dataset-versions">
      @for (v of versions(); track v.version) {
        <li>
          <div class="head">
            <strong>Version {{ v.version }}</strong>
            <span class="muted">
              {{ v.parent === null ? 'as uploaded' : (v.createdBy?.name ?? 'someone') }} ·
              {{ v.createdAt | date: 'medium' }} · {{ v.labelledCases }} labelled,
              {{ v.unlabeledCases }} unlabeled
            </span>
            <a matButton [href]="archiveUrl(v.version)" download>
              <mat-icon>download</mat-icon> ZIP
            </a>
          </div>
          @if (v.changes.length) {
            <ul class="changes">
              @for (c of v.changes; track c.annotationId) {
                <li>
                  {{ c.caseName }} <span class="muted">({{ c.kind }})</span>
                </li>
              }
            </ul>
          }
        </li>
      }
    </ol>
  `,
  styles: `
    .versions {
      display: flex;
      flex-direction: column;
      gap: 8px;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 12px;
    }
    .changes {
      margin: 4px 0 0;
      font: var(--mat-sys-body-small);
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
})
export class DatasetVersions {
  readonly datasetId = input.required<string>();
  private readonly annotations = inject(AnnotationService);
  protected readonly versions = signal<DatasetVersionDto[]>([]);
  protected readonly error = signal<string | null>(null);

  constructor() {
    effect(() => {
      const id = this.datasetId();
      untracked(() => void this.load(id));
    });
  }

  protected archiveUrl(version: number): string {
    return versionArchiveUrl(this.datasetId(), version);
  }

  private async load(id: string): Promise<void> {
    try {
      const versions = await this.annotations.versions(id);
      if (id === this.datasetId()) this.versions.set([...versions].reverse());
      this.error.set(null);
    } catch (error) {
      this.error.set(errorMessage(error));
    }
  }
}
