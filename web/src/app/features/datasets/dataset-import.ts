import { Component, inject, signal } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { FORM_FIELDS, TITLED_CARD } from '../../shared/form-imports';
import { errorMessage } from '../../shared/api-error';
import { DatasetService } from './dataset.service';

/** Why a URL cannot be imported, or null when it can be sent to the gateway. */
export function checkImportUrl(value: string): string | null {
  const text = value.trim();
  if (!text) return 'Enter the URL of a ZIP archive.';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'This is not a valid URL.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return 'Only http:// and https:// URLs can be imported.';
  }
  return null;
}

/** Form that asks the gateway to download a ZIP archive from a URL. */
@Component({
  selector: 'app-dataset-import',
  imports: [...FORM_FIELDS, ...TITLED_CARD],
  template: `
    <mat-card appearance="outlined" class="import-card">
      <mat-card-header>
        <mat-card-title>Import from a URL</mat-card-title>
      </mat-card-header>
      <mat-card-content>
        <form class="import-form" novalidate (submit)="submit($event)">
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>Archive URL</mat-label>
            <input
              matInput
              type="url"
              placeholder="https://example.org/dataset.zip"
              data-testid="import-url"
              [value]="url()"
              [disabled]="!!importing()"
              (input)="url.set(value($event)); urlError.set(null)"
            />
            @if (urlError(); as urlError) {
              <mat-hint class="field-error" data-testid="import-url-error">{{ urlError }}</mat-hint>
            } @else {
              <mat-hint>http or https; the gateway downloads it</mat-hint>
            }
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>Dataset name (optional)</mat-label>
            <input
              matInput
              data-testid="import-name"
              [value]="name()"
              [disabled]="!!importing()"
              (input)="name.set(value($event))"
            />
          </mat-form-field>
          <div class="actions">
            @if (importing()) {
              <button matButton type="button" data-testid="import-cancel" (click)="cancel()">
                Cancel
              </button>
            }
            <button
              matButton="filled"
              type="submit"
              data-testid="import-submit"
              [disabled]="!!importing()"
            >
              <mat-icon>cloud_download</mat-icon>
              Import
            </button>
          </div>
        </form>

        @if (importing()) {
          <div class="progress" data-testid="import-progress">
            <mat-progress-bar mode="indeterminate" aria-label="Downloading the archive" />
            <span class="progress-text">The gateway is downloading the archive…</span>
          </div>
        }
        @if (error(); as error) {
          <p class="message" role="alert" data-testid="import-error">
            <mat-icon aria-hidden="true">error</mat-icon>
            <span>{{ error }}</span>
          </p>
        }
      </mat-card-content>
    </mat-card>
  `,
  styleUrl: './dataset-import.scss',
})
export class DatasetImport {
  private readonly datasets = inject(DatasetService);
  private readonly snackBar = inject(MatSnackBar);

  protected readonly url = signal('');
  protected readonly name = signal('');
  protected readonly urlError = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly importing = this.datasets.importing;

  protected value(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.importing()) return;
    const problem = checkImportUrl(this.url());
    this.urlError.set(problem);
    this.error.set(null);
    if (problem) return;
    try {
      const dataset = await this.datasets.importArchive(this.url().trim(), this.name());
      if (!dataset) return;
      this.url.set('');
      this.name.set('');
      this.snackBar.open(`Imported “${dataset.name}”; inspecting it now.`, 'OK', {
        duration: 5000,
      });
    } catch (error) {
      this.error.set(`Import failed: ${errorMessage(error)}`);
    }
  }

  protected cancel(): void {
    this.datasets.cancelImport();
  }
}
