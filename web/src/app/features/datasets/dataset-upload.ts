import { Component, computed, inject, signal } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { FORM_FIELDS, TITLED_CARD } from '../../shared/form-imports';
import { errorMessage } from '../../shared/api-error';
import { DropZone } from '../../shared/drop-zone';
import { formatBytes, formatRate } from '../../shared/format';
import { DatasetService } from './dataset.service';

/** Drop zone and file picker that upload a ZIP archive, with byte progress and Cancel. */
@Component({
  selector: 'app-dataset-upload',
  imports: [...FORM_FIELDS, ...TITLED_CARD, DropZone],
  templateUrl: './dataset-upload.html',
  styleUrl: './dataset-upload.scss',
})
export class DatasetUpload {
  protected readonly datasets = inject(DatasetService);
  private readonly snackBar = inject(MatSnackBar);

  protected readonly name = signal('');
  /** Why the last file was not uploaded (not a ZIP, refused by the gateway). */
  protected readonly message = signal<{ tone: 'error' | 'info'; text: string } | null>(null);

  protected readonly upload = this.datasets.upload;
  protected readonly percent = computed(() => {
    const upload = this.upload();
    return upload && upload.total > 0 ? (100 * upload.loaded) / upload.total : 0;
  });
  /** `12.3 MB of 80.0 MB · 4.1 MB/s`; the gateway is still storing it once all bytes are sent. */
  protected readonly progressText = computed(() => {
    const upload = this.upload();
    if (!upload) return '';
    if (upload.total > 0 && upload.loaded >= upload.total) {
      return `${formatBytes(upload.total)} sent · storing…`;
    }
    const bytes = `${formatBytes(upload.loaded)} of ${formatBytes(upload.total)}`;
    return upload.bytesPerSecond > 0 ? `${bytes} · ${formatRate(upload.bytesPerSecond)}` : bytes;
  });

  protected onFiles(files: File[]): void {
    if (files.length > 1) {
      this.message.set({ tone: 'error', text: 'Drop one ZIP archive at a time.' });
      return;
    }
    this.start(files[0]);
  }

  protected onNameInput(event: Event): void {
    this.name.set((event.target as HTMLInputElement).value);
  }

  protected cancel(): void {
    this.datasets.cancelUpload();
  }

  private async start(file: File): Promise<void> {
    if (this.upload()) {
      this.message.set({ tone: 'error', text: 'An upload is already running: wait or cancel it.' });
      return;
    }
    if (!/\.zip$/i.test(file.name)) {
      this.message.set({
        tone: 'error',
        text: `“${file.name}” is not a ZIP archive. Choose a .zip file with images and masks.`,
      });
      return;
    }
    this.message.set(null);
    try {
      const dataset = await this.datasets.uploadArchive(file, this.name());
      if (!dataset) {
        this.message.set({ tone: 'info', text: `Upload of “${file.name}” cancelled.` });
        return;
      }
      this.name.set('');
      this.snackBar.open(`Uploaded “${dataset.name}”; inspecting it now.`, 'OK', {
        duration: 5000,
      });
    } catch (error) {
      this.message.set({ tone: 'error', text: `Upload failed: ${errorMessage(error)}` });
    }
  }
}
