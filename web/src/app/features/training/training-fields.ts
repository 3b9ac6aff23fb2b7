import { type NumericHyperparameter } from './model.model';

/** The hyper-parameters typed as numbers (the encoder depth is picked from a list). */
export type NumberField = Exclude<NumericHyperparameter, 'encoderDepth'>;

/** Fields that only take whole numbers, whatever step the gateway gives. */
export const INTEGER_FIELDS: readonly NumericHyperparameter[] = [
  'epochs',
  'batchSize',
  'inputSize',
  'seed',
  'depth',
  'baseChannels',
  'earlyStoppingPatience',
];

export const NUMBER_FIELDS: readonly NumberField[] = [
  'epochs',
  'learningRate',
  'batchSize',
  'inputSize',
  'validationFraction',
  'seed',
  'depth',
  'baseChannels',
  'foregroundOversampling',
  'dropout',
  'earlyStoppingPatience',
];

/** Fields a 400 from the gateway can name, longest first so `baseChannels` wins over `name`. */
const SERVER_FIELDS = [
  'foregroundOversampling',
  'earlyStoppingPatience',
  'augmentationPreset',
  'validationFraction',
  'targetSpacing',
  'baseChannels',
  'encoderDepth',
  'learningRate',
  'architecture',
  'augmentation',
  'lrSchedule',
  'patchSize',
  'inputSize',
  'batchSize',
  'datasetId',
  'optimizer',
  'dropout',
  'epochs',
  'depth',
  'loss',
  'seed',
  'name',
] as const;

/** What the form shows for one numeric field; the template renders every one the same way. */
export interface NumberFieldView {
  field: NumberField;
  label: string;
  testId: string;
  hint?: string;
  suffix?: string;
  /** Set where the e2e tests read the message. */
  errorTestId?: string;
}

export const NUMBER_FIELD_VIEWS: Record<NumberField, NumberFieldView> = {
  depth: { field: 'depth', label: 'Depth', testId: 'training-depth', hint: 'Levels of the U' },
  baseChannels: {
    field: 'baseChannels',
    label: 'Base channels',
    testId: 'training-base-channels',
    hint: 'Doubled at each level',
  },
  epochs: {
    field: 'epochs',
    label: 'Epochs',
    testId: 'training-epochs',
    errorTestId: 'training-epochs-error',
  },
  learningRate: { field: 'learningRate', label: 'Learning rate', testId: 'training-learning-rate' },
  batchSize: { field: 'batchSize', label: 'Batch size', testId: 'training-batch-size' },
  inputSize: {
    field: 'inputSize',
    label: 'Input size',
    testId: 'training-input-size',
    hint: 'Images are resized to a square this wide',
    suffix: 'px',
  },
  validationFraction: {
    field: 'validationFraction',
    label: 'Validation fraction',
    testId: 'training-validation-fraction',
    hint: 'Share of pairs held out to measure Dice',
  },
  seed: {
    field: 'seed',
    label: 'Seed',
    testId: 'training-seed',
    hint: 'Same seed, same split and start',
  },
  foregroundOversampling: {
    field: 'foregroundOversampling',
    label: 'Foreground share',
    testId: 'training-foreground-oversampling',
    hint: 'Share of each batch centred on / holding a labelled class',
  },
  dropout: {
    field: 'dropout',
    label: 'Dropout',
    testId: 'training-dropout',
    hint: 'Enables Monte-Carlo dropout ordering of the annotation queue',
  },
  earlyStoppingPatience: {
    field: 'earlyStoppingPatience',
    label: 'Early stopping patience',
    testId: 'training-early-stopping-patience',
    hint: 'Epochs without improvement; 0 = never',
  },
};

/** Labels of what the Auto preset explains that is not a number field (or has no field at all). */
const CHOICE_LABELS: Record<string, string> = {
  augmentationPreset: 'Augmentation',
  augmentation: 'Augmentation',
  lrSchedule: 'Learning-rate schedule',
  optimizer: 'Optimizer',
  loss: 'Loss',
  encoderDepth: 'Encoder',
  patchSize: 'Patch size',
  targetSpacing: 'Target spacing',
  normalization: 'Normalization',
  postprocessing: 'Post-processing',
};

/** How the form names a field of an Auto choice (`inputSize` → "Input size"). */
export function choiceLabel(field: string): string {
  if (Object.hasOwn(NUMBER_FIELD_VIEWS, field)) {
    return NUMBER_FIELD_VIEWS[field as NumberField].label;
  }
  return Object.hasOwn(CHOICE_LABELS, field) ? CHOICE_LABELS[field] : field;
}

/** The form controls a server message can land on. */
type ServerFieldControl = Exclude<(typeof SERVER_FIELDS)[number], 'augmentationPreset'>;

/**
 * The form field a server message is about, if it names one. The ml-service names fields in
 * snake_case (hyperparameters.input_size), the gateway in camelCase.
 */
export function serverFieldIn(message: string): ServerFieldControl | undefined {
  const field = SERVER_FIELDS.find((f) =>
    new RegExp(`\\b(${f}|${f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)})\\b`).test(message),
  );
  // The preset is picked in the one Augmentation field.
  return field === 'augmentationPreset' ? 'augmentation' : field;
}
