import { MatButton } from '@angular/material/button';
import { MatCard, MatCardContent, MatCardHeader, MatCardTitle } from '@angular/material/card';
import { MatOption } from '@angular/material/core';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatSelect } from '@angular/material/select';

/** What a form of text fields, buttons and a progress bar imports (spread into its `imports`). */
export const FORM_FIELDS = [
  MatButton,
  MatFormField,
  MatHint,
  MatIcon,
  MatInput,
  MatLabel,
  MatProgressBar,
] as const;

/** A drop-down field's parts, beside FORM_FIELDS. */
export const SELECT_FIELD = [MatOption, MatSelect] as const;

/** A titled Material card's parts. */
export const TITLED_CARD = [MatCard, MatCardContent, MatCardHeader, MatCardTitle] as const;
