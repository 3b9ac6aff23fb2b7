import { Component, effect, inject, input, signal, untracked } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatSlideToggle } from '@angular/material/slide-toggle';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import { FORM_FIELDS, SELECT_FIELD } from '../../shared/form-imports';
import { type ModelDto } from '../training/model.model';
import { type AutoFineTuneDto, AutoFineTuneService } from './auto-fine-tune.service';

/**
 * The dataset's auto fine-tune (issue 13, "a lab can leave it running"): after N new masks a
 * fine-tune of the chosen model's newest completed descendant is queued on the latest version.
 * Everyone who sees the dataset sees where it stands; its owner and admins (`canChange`) set it.
 */
@Component({
  selector: 'app-dataset-auto-fine-tune',
  imports: [...FORM_FIELDS, ...SELECT_FIELD, ReactiveFormsModule, MatSlideToggle, RouterLink],
  template: `
    <h2 id="auto-fine-tune-title">Auto fine-tune</h2>
    <section class="auto" aria-labelledby="auto-fine-tune-title" data-testid="auto-fine-tune">
      @if (error(); as message) {
        <p class="error" role="alert">{{ message }}</p>
      }
      @if (rule(); as r) {
        <p class="status" data-testid="auto-fine-tune-status">
          @if (r.enabled) {
            On: after {{ r.newMasks }} new {{ r.newMasks === 1 ? 'mask' : 'masks' }} a fine-tune is
            queued on its own ({{ r.newMasksSince }} of {{ r.newMasks }} since version
            {{ r.sinceVersion }}).
            @if (r.activeModelId) {
              Waiting for
              <a [routerLink]="['/training', r.activeModelId]">the fine-tune it queued</a> to
              finish.
            } @else if (r.nextFromModelId) {
              The next one starts from
              <a [routerLink]="['/training', r.nextFromModelId]">the newest model of its line</a>.
            }
          } @else {
            Off: fine-tunes are started by hand.
          }
          @if (r.lastModelId && !r.activeModelId) {
            <a [routerLink]="['/training', r.lastModelId]">Last automatic fine-tune</a>.
          }
        </p>
        @if (canChange()) {
          <form class="edit" [formGroup]="form" (ngSubmit)="save()">
            <mat-slide-toggle formControlName="enabled" data-testid="auto-fine-tune-enabled"
              >Queue fine-tunes automatically</mat-slide-toggle
            >
            <mat-form-field>
              <mat-label>Model to fine-tune from</mat-label>
              <mat-select formControlName="modelId" data-testid="auto-fine-tune-model">
                @for (m of models(); track m.id) {
                  <mat-option [value]="m.id"
                    >{{ m.name }} v{{ m.version }} (dataset version
                    {{ m.datasetVersion }})</mat-option
                  >
                } @empty {
                  <mat-option disabled>No completed model of this dataset yet</mat-option>
                }
              </mat-select>
            </mat-form-field>
            <mat-form-field class="count">
              <mat-label>After new masks</mat-label>
              <input
                matInput
                type="number"
                formControlName="newMasks"
                min="1"
                step="1"
                data-testid="auto-fine-tune-count"
              />
              <mat-hint>Masks saved since the last fine-tune</mat-hint>
            </mat-form-field>
            <button
              matButton="tonal"
              type="submit"
              data-testid="auto-fine-tune-save"
              [disabled]="saving() || form.invalid"
            >
              Save
            </button>
          </form>
        }
      }
    </section>
  `,
  styles: `
    .auto {
      display: flex;
      flex-direction: column;
      gap: 8px;
    }
    .status {
      margin: 0;
      font: var(--mat-sys-body-medium);
    }
    .edit {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 16px;
    }
    .count {
      width: 160px;
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
})
export class DatasetAutoFineTune {
  readonly datasetId = input.required<string>();
  /** Whether the signed-in user is the dataset's owner or an admin. */
  readonly canChange = input(false);

  private readonly service = inject(AutoFineTuneService);
  private readonly snackBar = inject(MatSnackBar);
  protected readonly rule = signal<AutoFineTuneDto | null>(null);
  protected readonly models = signal<ModelDto[]>([]);
  protected readonly error = signal('');
  protected readonly saving = signal(false);
  protected readonly form = inject(NonNullableFormBuilder).group({
    enabled: false,
    modelId: ['', Validators.required],
    newMasks: [10, [Validators.required, Validators.min(1), Validators.pattern(/^\d+$/)]],
  });

  constructor() {
    effect(() => {
      const id = this.datasetId();
      const canChange = this.canChange();
      untracked(() => void this.load(id, canChange));
    });
  }

  protected async save(): Promise<void> {
    if (this.form.invalid) return;
    const { enabled, modelId, newMasks } = this.form.getRawValue();
    this.saving.set(true);
    try {
      this.show(
        await this.service.set(this.datasetId(), { enabled, modelId, newMasks: Number(newMasks) }),
      );
      this.snackBar.open(enabled ? 'Auto fine-tune is on' : 'Auto fine-tune is off', 'OK', {
        duration: 4000,
      });
    } catch (error) {
      this.error.set((error as Error).message);
    } finally {
      this.saving.set(false);
    }
  }

  private async load(id: string, canChange: boolean): Promise<void> {
    try {
      const [rule, models] = await Promise.all([
        this.service.get(id),
        canChange ? this.service.models(id) : Promise.resolve([]),
      ]);
      if (id !== this.datasetId()) return;
      this.models.set(models);
      this.show(rule);
      if (!rule.modelId && models.length > 0) this.form.controls.modelId.setValue(models[0].id);
    } catch (error) {
      this.error.set((error as Error).message);
    }
  }

  private show(rule: AutoFineTuneDto): void {
    this.error.set('');
    this.rule.set(rule);
    this.form.setValue({
      enabled: rule.enabled,
      modelId: rule.modelId ?? this.form.controls.modelId.value,
      newMasks: rule.newMasks,
    });
  }
}
