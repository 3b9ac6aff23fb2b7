import {
  Component,
  type ElementRef,
  computed,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { MatIcon } from '@angular/material/icon';

/**
 * A dashed area that takes dropped files and is itself the file chooser's button: focusable,
 * opened by a click, Enter or Space, named by `label` for screen readers. The projected content
 * says what to drop; `dragging()` lets it say "Release to upload".
 */
@Component({
  selector: 'app-drop-zone',
  imports: [MatIcon],
  host: {
    role: 'button',
    tabindex: '0',
    '[attr.aria-label]': 'label()',
    '[attr.aria-disabled]': 'disabled()',
    '[class.dragging]': 'dragging()',
    '[class.busy]': 'disabled()',
    '(click)': 'open()',
    '(keydown.enter)': 'open($event)',
    '(keydown.space)': 'open($event)',
    '(dragenter)': 'onDragOver($event)',
    '(dragover)': 'onDragOver($event)',
    '(dragleave)': 'onDragLeave($event)',
    '(drop)': 'onDrop($event)',
  },
  template: `
    <mat-icon class="drop-icon" aria-hidden="true">{{ shownIcon() }}</mat-icon>
    <ng-content />
    <!-- Looks like a button; the zone around it is the button (no nested interactive element). -->
    <span class="choose" aria-hidden="true">
      <mat-icon>upload_file</mat-icon>
      {{ chooseText() }}
    </span>
    <input
      #fileInput
      class="file-input"
      type="file"
      tabindex="-1"
      [accept]="accept()"
      [attr.data-testid]="inputTestId()"
      (click)="$event.stopPropagation()"
      (change)="onChosen(fileInput)"
    />
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: 8px;
      padding: 24px 16px;
      border: 2px dashed var(--mat-sys-outline-variant);
      border-radius: 12px;
      background: var(--mat-sys-surface-container-low);
      text-align: center;
      cursor: pointer;
      transition:
        border-color 120ms,
        background-color 120ms;
    }
    :host(:hover:not(.busy)) {
      border-color: var(--mat-sys-primary);
    }
    :host(:focus-visible) {
      outline: 3px solid var(--mat-sys-primary);
      outline-offset: 2px;
    }
    :host(.dragging) {
      border-color: var(--mat-sys-primary);
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
    :host(.busy) {
      opacity: 0.6;
      cursor: default;
    }
    .drop-icon {
      width: 40px;
      height: 40px;
      font-size: 40px;
      color: var(--mat-sys-primary);
    }
    .choose {
      display: inline-flex;
      align-items: center;
      gap: 8px;
      height: 40px;
      padding: 0 24px;
      border-radius: 20px;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
      font: var(--mat-sys-label-large);
    }
    .choose mat-icon {
      width: 18px;
      height: 18px;
      font-size: 18px;
    }
    .file-input {
      display: none;
    }
  `,
})
export class DropZone {
  /** What the zone does, for screen readers: `Upload a ZIP archive: drop it here, or press Enter…`. */
  readonly label = input.required<string>();
  readonly accept = input('');
  readonly disabled = input(false);
  readonly icon = input('folder_zip');
  readonly chooseText = input('Choose file');
  readonly inputTestId = input<string | null>(null);
  /** Files dropped or chosen (never while disabled); one or more. */
  readonly files = output<File[]>();

  readonly dragging = signal(false);
  protected readonly shownIcon = computed(() => (this.dragging() ? 'file_download' : this.icon()));
  private readonly fileInput = viewChild.required<ElementRef<HTMLInputElement>>('fileInput');

  protected open(event?: Event): void {
    event?.preventDefault(); // Space would scroll the page
    if (this.disabled()) return;
    this.fileInput().nativeElement.click();
  }

  protected onDragOver(event: DragEvent): void {
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = this.disabled() ? 'none' : 'copy';
    this.dragging.set(true);
  }

  protected onDragLeave(event: DragEvent): void {
    // dragleave also fires when the pointer moves onto a child of the zone.
    const zone = event.currentTarget as HTMLElement | null;
    if (zone && event.relatedTarget instanceof Node && zone.contains(event.relatedTarget)) return;
    this.dragging.set(false);
  }

  protected onDrop(event: DragEvent): void {
    event.preventDefault();
    this.dragging.set(false);
    const files = Array.from(event.dataTransfer?.files ?? []);
    if (files.length > 0 && !this.disabled()) this.files.emit(files);
  }

  protected onChosen(input: HTMLInputElement): void {
    const files = Array.from(input.files ?? []);
    // Clear the input so choosing the same file again still fires a change event.
    input.value = '';
    if (files.length > 0) this.files.emit(files);
  }
}
