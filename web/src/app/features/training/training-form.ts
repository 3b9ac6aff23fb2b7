// One piece on purpose: defaults, the dataset's Auto values, validators, architecture switches
// and the server's field errors all act on the one FormGroup, and which fields follow Auto
// depends on which of them the user touched. The field lists live in training-fields.ts, the range
// messages in hyperparameter-validators.ts.
import { NgTemplateOutlet } from '@angular/common';
import { Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import {
  MatExpansionPanel,
  MatExpansionPanelDescription,
  MatExpansionPanelHeader,
  MatExpansionPanelTitle,
} from '@angular/material/expansion';
import { MAT_FORM_FIELD_DEFAULT_OPTIONS, MatError, MatSuffix } from '@angular/material/form-field';
import { MatSelectTrigger } from '@angular/material/select';
import { MatSlideToggle } from '@angular/material/slide-toggle';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { map } from 'rxjs';
import { FORM_FIELDS, SELECT_FIELD, TITLED_CARD } from '../../shared/form-imports';
import { type ApiError, toApiError } from '../../shared/api-error';
import {
  ARCHITECTURES,
  AUGMENTATIONS,
  type Architecture,
  type AugmentationChoice,
  type CreateModelBody,
  type EncoderDepth,
  type HyperparametersDto,
  LOSSES,
  LR_SCHEDULES,
  type LossFunction,
  type LrSchedule,
  type ModelDefaultsDto,
  OPTIMIZERS,
  type Optimizer,
  type ParameterRange,
  VOLUME_ARCHITECTURES,
  augmentationChoice,
  inputSizeMultiple,
} from './model.model';
import { formatTriple, parseTriple, tripleMessage, tripleValidator } from './volume-fields';
import { notBlank, numberInRange, rangeMessage } from './hyperparameter-validators';
import { TrainingFormStore } from './training-form.store';
import {
  INTEGER_FIELDS,
  NUMBER_FIELDS,
  NUMBER_FIELD_VIEWS,
  type NumberField,
  choiceLabel,
  serverFieldIn,
} from './training-fields';
import { AuthService } from '../../core/auth/auth.service';
import { datasetChoiceMeta } from '../datasets/dataset.model';

export const NAME_MAX_LENGTH = 100;

/** One line of the Auto panel: a value the platform chose for the dataset, and why. */
export interface AutoChoiceView {
  field: string;
  label: string;
  reason: string;
  /** The form holds the user's own value instead. */
  changed: boolean;
}

/** Patch size and spacing are text: "16, 32, 32" is the Auto "16 × 32 × 32". */
function sameValue(field: string, a: unknown, b: unknown): boolean {
  if (field !== 'patchSize' && field !== 'targetSpacing') return a === b;
  const triple = (v: unknown) => formatTriple(parseTriple(String(v ?? '')) ?? undefined);
  return triple(a) === triple(b);
}

/** Card with the form that starts training a model, prefilled from the gateway's defaults. */
@Component({
  selector: 'app-training-form',
  imports: [
    ...FORM_FIELDS,
    ...SELECT_FIELD,
    ...TITLED_CARD,
    MatError,
    MatExpansionPanel,
    MatExpansionPanelDescription,
    MatExpansionPanelHeader,
    MatExpansionPanelTitle,
    MatSelectTrigger,
    MatSlideToggle,
    MatSuffix,
    NgTemplateOutlet,
    ReactiveFormsModule,
    RouterLink,
  ],
  templateUrl: './training-form.html',
  styleUrl: './training-form.scss',
  // A long server message grows the field instead of running under the next field's label.
  providers: [
    { provide: MAT_FORM_FIELD_DEFAULT_OPTIONS, useValue: { subscriptSizing: 'dynamic' } },
  ],
})
export class TrainingForm {
  protected readonly datasetChoiceMeta = datasetChoiceMeta;
  protected readonly auth = inject(AuthService);
  protected readonly models = inject(TrainingFormStore);
  private readonly router = inject(Router);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly requestedDataset = inject(ActivatedRoute).snapshot.queryParamMap.get('dataset');

  protected readonly architectures = ARCHITECTURES;
  protected readonly optimizers = OPTIMIZERS;
  protected readonly losses = LOSSES;
  protected readonly augmentations = AUGMENTATIONS;
  protected readonly lrSchedules = LR_SCHEDULES;
  protected readonly encoderDepths: readonly EncoderDepth[] = [18, 34];
  protected readonly nameMaxLength = NAME_MAX_LENGTH;
  protected readonly fields = NUMBER_FIELD_VIEWS;

  protected readonly form = this.fb.group({
    datasetId: this.fb.control('', Validators.required),
    name: this.fb.control('', [
      Validators.required,
      notBlank,
      Validators.maxLength(NAME_MAX_LENGTH),
    ]),
    architecture: this.fb.control<Architecture>('unet'),
    depth: this.fb.control<number | null>(null),
    baseChannels: this.fb.control<number | null>(null),
    encoderDepth: this.fb.control<EncoderDepth>(34),
    epochs: this.fb.control<number | null>(null),
    learningRate: this.fb.control<number | null>(null),
    batchSize: this.fb.control<number | null>(null),
    inputSize: this.fb.control<number | null>(null),
    validationFraction: this.fb.control<number | null>(null),
    // One choice for `augmentation` and `augmentationPreset`.
    augmentation: this.fb.control<AugmentationChoice>('nnunet'),
    optimizer: this.fb.control<Optimizer>('adam'),
    loss: this.fb.control<LossFunction>('dice_ce'),
    lrSchedule: this.fb.control<LrSchedule>('poly'),
    earlyStoppingPatience: this.fb.control<number | null>(null),
    seed: this.fb.control<number | null>(null),
    // unet_3d only: "z × y × x" text, from the dataset's fingerprint.
    patchSize: this.fb.control(
      '',
      tripleValidator('patch', () => this.patchMin()),
    ),
    targetSpacing: this.fb.control(
      '',
      tripleValidator('spacing', () => 0),
    ),
    foregroundOversampling: this.fb.control<number | null>(null),
    dropout: this.fb.control<number | null>(null),
    guided: this.fb.control(false),
  });

  protected readonly submitting = signal(false);
  protected readonly submitError = signal<string | null>(null);

  private readonly datasetId = toSignal(this.form.controls.datasetId.valueChanges, {
    initialValue: '',
  });
  protected readonly architecture = toSignal(this.form.controls.architecture.valueChanges, {
    initialValue: this.form.controls.architecture.value,
  });
  protected readonly selectedDataset = computed(() =>
    this.models.datasetChoices()?.find((d) => d.id === this.datasetId()),
  );
  /** The form's values, hidden (disabled) fields included. */
  private readonly formValues = toSignal(
    this.form.valueChanges.pipe(map(() => this.form.getRawValue())),
    { initialValue: this.form.getRawValue() },
  );
  /** The chosen dataset's answer: its Auto values and, with volumes, unet_3d's. */
  private readonly datasetDefaults = computed(() => {
    const d = this.models.datasetDefaults();
    return d && d.datasetId === this.datasetId() ? d.answer : null;
  });
  /** unet_3d's defaults of the chosen dataset, when it has volumes (a fingerprint). */
  private readonly volumeDefaults = computed(() => this.datasetDefaults()?.volumeDefaults ?? null);
  /**
   * What untouched fields follow: the chosen dataset's Auto values for the architecture in use,
   * the plain defaults for a dataset without statistics (what the gateway would fill in).
   */
  private readonly autoValues = computed(() => {
    const answer = this.datasetDefaults();
    if (!answer) return null;
    return this.is3d() ? answer.volumeDefaults : (answer.autoDefaults ?? answer.hyperparameters);
  });
  /** Why the dataset's Auto values are what they are, for the fields the architecture uses. */
  protected readonly autoChoices = computed((): AutoChoiceView[] => {
    const answer = this.datasetDefaults();
    const auto = this.autoValues();
    if (!answer || !auto) return [];
    const expected: Record<string, unknown> = this.controlValues(auto);
    const current: Record<string, unknown> = this.formValues();
    const unused = this.usesEncoder() ? ['depth', 'baseChannels'] : ['encoderDepth'];
    return (this.is3d() ? answer.volumeChoices : answer.autoChoices)
      .filter((c) => !unused.includes(c.field))
      .map((c) => {
        const control = c.field === 'augmentationPreset' ? 'augmentation' : c.field;
        const changed =
          Object.hasOwn(expected, control) &&
          !sameValue(control, current[control], expected[control]);
        return { field: c.field, label: choiceLabel(c.field), reason: c.reason, changed };
      });
  });
  protected readonly augmentationHint = computed(
    () => AUGMENTATIONS.find((a) => a.value === this.formValues().augmentation)?.hint ?? '',
  );
  protected readonly lrScheduleHint = computed(
    () => LR_SCHEDULES.find((l) => l.value === this.formValues().lrSchedule)?.hint ?? '',
  );
  /** The 3D U-Net is offered only for datasets with volumes. */
  protected readonly hasVolumes = computed(() => this.volumeDefaults() !== null);
  protected readonly offeredArchitectures = computed(() =>
    ARCHITECTURES.filter((a) => this.hasVolumes() || !VOLUME_ARCHITECTURES.includes(a.value)),
  );
  protected readonly is3d = computed(() => VOLUME_ARCHITECTURES.includes(this.architecture()));
  protected readonly architectureHint = computed(
    () => ARCHITECTURES.find((a) => a.value === this.architecture())?.hint ?? '',
  );
  /** U-Net and Attention U-Net are shaped by depth and width, ResU-Net by its encoder. */
  protected readonly usesEncoder = computed(() => this.architecture() === 'resunet');
  private readonly depth = toSignal(this.form.controls.depth.valueChanges, { initialValue: null });
  /** What inputSize must be a multiple of for the chosen network (the ml-service's rule). */
  protected readonly inputMultiple = computed(() => {
    const rules = this.models.defaults()?.inputSizeRules ?? [];
    return inputSizeMultiple(rules, this.architecture(), this.usesEncoder() ? null : this.depth());
  });

  constructor() {
    this.models.loadFormChoices();

    // The gateway's defaults decide both the starting values and what each field accepts.
    effect(() => {
      const defaults = this.models.defaults();
      if (defaults) untracked(() => this.applyDefaults(defaults));
    });

    effect(() => {
      const choices = this.models.datasetChoices();
      if (!choices) return;
      untracked(() => {
        const control = this.form.controls.datasetId;
        if (choices.some((d) => d.id === control.value)) return;
        const requested = choices.find((d) => d.id === this.requestedDataset);
        const first = requested ?? (choices.length === 1 ? choices[0] : undefined);
        control.setValue(first?.id ?? '');
      });
    });

    effect(() => {
      const resunet = this.usesEncoder();
      untracked(() => this.toggleArchitectureFields(resunet));
    });

    effect(() => {
      const dataset = this.selectedDataset();
      if (dataset) untracked(() => this.models.loadDatasetDefaults(dataset.id));
    });
    // What the user typed stays; every other field takes the dataset's Auto value.
    effect(() => {
      const values = this.autoValues();
      if (values) untracked(() => this.fillUntouched(values));
    });

    this.volumeEffects();

    // Another network or depth may change the multiple the input size must be.
    effect(() => {
      this.inputMultiple();
      untracked(() => this.form.controls.inputSize.updateValueAndValidity({ emitEvent: false }));
    });

    // Suggest a name from the dataset and network until the user types one.
    effect(() => {
      const dataset = this.selectedDataset();
      const architecture = this.architecture();
      untracked(() => {
        const name = this.form.controls.name;
        if (dataset && !name.dirty) name.setValue(`${dataset.name}-${architecture}`);
      });
    });
  }

  /** unet_3d: offered and shown only where it applies. */
  private volumeEffects(): void {
    effect(() => {
      if (this.hasVolumes() || !this.is3d()) return;
      untracked(() =>
        this.form.controls.architecture.setValue(
          this.models.defaults()?.hyperparameters.architecture ?? 'unet',
        ),
      );
    });
    effect(() => {
      const is3d = this.is3d();
      untracked(() => {
        // Foreground oversampling applies to every architecture; it stays enabled.
        for (const field of ['patchSize', 'targetSpacing'] as const) {
          const control = this.form.controls[field];
          if (is3d) control.enable({ emitEvent: false });
          else control.disable({ emitEvent: false });
        }
      });
    });
  }

  private patchMin(): number {
    return this.models.defaults()?.ranges['patchSize']?.min ?? 8;
  }

  protected volumeError(field: 'patchSize' | 'targetSpacing'): string {
    const errors = this.form.controls[field].errors;
    if (typeof errors?.['server'] === 'string') return errors['server'];
    return tripleMessage(field === 'patchSize' ? 'patch' : 'spacing', this.patchMin());
  }

  /** A gateway message about a drop-down's value; the list itself allows no other error. */
  protected serverError(field: 'augmentation' | 'lrSchedule' | 'optimizer' | 'loss'): string {
    const server: unknown = this.form.controls[field].errors?.['server'];
    return typeof server === 'string' ? server : '';
  }

  protected range(field: NumberField): ParameterRange | undefined {
    return this.models.defaults()?.ranges[field];
  }

  protected step(field: NumberField): string {
    const step = this.range(field)?.step;
    if (step) return String(step);
    return INTEGER_FIELDS.includes(field) ? '1' : 'any';
  }

  /** The message under a field, with the allowed range, or '' when the field is fine. */
  protected errorFor(field: NumberField | 'name' | 'datasetId'): string {
    const errors = this.form.controls[field].errors;
    if (!errors) return '';
    if (typeof errors['server'] === 'string') return errors['server'];
    if (field === 'datasetId') return 'Choose a dataset to train on.';
    if (field === 'name') {
      return errors['maxlength']
        ? `At most ${NAME_MAX_LENGTH} characters.`
        : 'Give the model a name.';
    }
    const range = this.range(field);
    const whole = INTEGER_FIELDS.includes(field);
    const multiple = field === 'inputSize' ? this.inputMultiple() : null;
    const kind = multiple ? `a multiple of ${multiple}` : whole ? 'a whole number' : 'a number';
    return rangeMessage(kind, range);
  }

  /** Back to the dataset's Auto values (the plain defaults before one is chosen). */
  protected resetToDefaults(): void {
    const values = this.autoValues() ?? this.models.defaults()?.hyperparameters;
    if (values) {
      this.patchHyperparameters(values);
      // Reset fields follow the Auto values again, of this dataset or the next one chosen.
      for (const field of Object.keys(this.controlValues(values))) {
        this.form.get(field)?.markAsPristine();
      }
    }
    this.submitError.set(null);
  }

  protected retryChoices(): void {
    this.models.loadDefaults();
    this.models.loadDatasetChoices();
    const dataset = this.selectedDataset();
    if (dataset) this.models.loadDatasetDefaults(dataset.id);
  }

  protected async submit(): Promise<void> {
    this.submitError.set(null);
    if (this.form.invalid || !this.models.defaults()) {
      this.form.markAllAsTouched();
      return;
    }
    this.submitting.set(true);
    try {
      const model = await this.models.createModel(this.body());
      await this.router.navigate(['/training', model.id]);
    } catch (error) {
      this.showServerError(toApiError(error));
    } finally {
      this.submitting.set(false);
    }
  }

  private body(): CreateModelBody {
    const v = this.form.getRawValue();
    const num = (field: NumberField) => v[field] ?? this.models.defaults()!.hyperparameters[field];
    const hyperparameters: CreateModelBody['hyperparameters'] = {
      epochs: num('epochs'),
      learningRate: num('learningRate'),
      batchSize: num('batchSize'),
      architecture: v.architecture,
      inputSize: num('inputSize'),
      validationFraction: num('validationFraction'),
      augmentation: v.augmentation !== 'off',
      // Unused without augmentation; the Auto one keeps the body complete.
      augmentationPreset:
        v.augmentation === 'off'
          ? (this.autoValues() ?? this.models.defaults()!.hyperparameters).augmentationPreset
          : v.augmentation,
      optimizer: v.optimizer,
      loss: v.loss,
      lrSchedule: v.lrSchedule,
      earlyStoppingPatience: num('earlyStoppingPatience'),
      seed: num('seed'),
      depth: num('depth'),
      baseChannels: num('baseChannels'),
      encoderDepth: Number(v.encoderDepth) as EncoderDepth,
      dropout: num('dropout'),
      guided: v.guided,
      // Every architecture oversamples foreground (unet_3d's patches, 2D networks' slices).
      foregroundOversampling: num('foregroundOversampling'),
      // Left out for 2D networks: the gateway would refuse an empty triple.
      ...(this.is3d()
        ? {
            patchSize: parseTriple(v.patchSize) ?? undefined,
            targetSpacing: parseTriple(v.targetSpacing) ?? undefined,
          }
        : {}),
    };
    return { name: v.name.trim(), datasetId: v.datasetId, hyperparameters };
  }

  private applyDefaults(defaults: ModelDefaultsDto): void {
    for (const field of NUMBER_FIELDS) {
      const control = this.form.controls[field];
      const multiple = field === 'inputSize' ? () => this.inputMultiple() : undefined;
      control.setValidators(
        numberInRange(defaults.ranges[field], INTEGER_FIELDS.includes(field), multiple),
      );
    }
    // Keep what the user already typed if the defaults arrive (again) later.
    if (this.form.controls.epochs.value === null) {
      this.patchHyperparameters(defaults.hyperparameters);
    } else {
      for (const field of NUMBER_FIELDS) this.form.controls[field].updateValueAndValidity();
    }
  }

  private patchHyperparameters(h: HyperparametersDto): void {
    this.form.patchValue({
      architecture: h.architecture,
      guided: h.guided,
      ...this.controlValues(h),
    });
    this.toggleArchitectureFields(h.architecture === 'resunet');
  }

  /** Sets every field the user has not edited (not dirty) to its value in `h`. */
  private fillUntouched(h: HyperparametersDto): void {
    const values = this.controlValues(h);
    const untouched = Object.entries(values).filter(([field]) => !this.form.get(field)?.dirty);
    this.form.patchValue(Object.fromEntries(untouched) as Partial<typeof values>);
  }

  /**
   * The hyper-parameters as the form's controls hold them. Architecture and guidance are left
   * out: what the user picks there, Auto values never change.
   */
  private controlValues(h: HyperparametersDto) {
    return {
      depth: h.depth,
      baseChannels: h.baseChannels,
      encoderDepth: h.encoderDepth,
      epochs: h.epochs,
      learningRate: h.learningRate,
      batchSize: h.batchSize,
      inputSize: h.inputSize,
      validationFraction: h.validationFraction,
      augmentation: augmentationChoice(h),
      optimizer: h.optimizer,
      loss: h.loss,
      lrSchedule: h.lrSchedule,
      earlyStoppingPatience: h.earlyStoppingPatience,
      seed: h.seed,
      dropout: h.dropout,
      // A model stored before 2D networks oversampled foreground has 0: the field keeps its value.
      ...(h.foregroundOversampling ? { foregroundOversampling: h.foregroundOversampling } : {}),
      // 2D values have none: the unet_3d fields keep what they hold.
      ...(h.patchSize.length
        ? {
            patchSize: formatTriple(h.patchSize),
            targetSpacing: formatTriple(h.targetSpacing),
          }
        : {}),
    };
  }

  /** Hidden fields are disabled so they cannot block the form; a broken one goes back to default. */
  private toggleArchitectureFields(resunet: boolean): void {
    const defaults = this.models.defaults()?.hyperparameters;
    for (const field of ['depth', 'baseChannels'] as const) {
      const control = this.form.controls[field];
      if (resunet) {
        if (control.invalid && defaults) control.setValue(defaults[field]);
        control.disable({ emitEvent: false });
      } else {
        control.enable({ emitEvent: false });
      }
    }
  }

  private showServerError(error: ApiError): void {
    if (error.status === 409) this.models.loadDatasetChoices();
    const messages = error.details.length ? error.details : [error.message];
    let unplaced = false;
    for (const message of messages) {
      const field = serverFieldIn(message);
      const control = field ? this.form.get(field) : null;
      if (control?.enabled) {
        control.setErrors({ ...control.errors, server: message });
        control.markAsTouched();
      } else {
        unplaced = true;
      }
    }
    if (unplaced || error.status !== 400) {
      this.submitError.set(`Could not start training: ${error.message}`);
    }
  }
}
