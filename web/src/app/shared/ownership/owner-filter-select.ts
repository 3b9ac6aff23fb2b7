import { Component, input, output } from '@angular/core';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatOption, MatSelect } from '@angular/material/select';
import { OWNER_FILTER_CHOICES, type OwnerFilter } from './ownership.model';

/** "All / Mine / Others'": the owner choice of every list (the gateway's `?owner=`). */
@Component({
  selector: 'app-owner-filter-select',
  imports: [MatFormField, MatLabel, MatOption, MatSelect],
  template: `
    <mat-form-field appearance="outline" subscriptSizing="dynamic" class="owner-filter">
      <mat-label>Owner</mat-label>
      <mat-select
        [attr.data-testid]="testId()"
        [value]="value()"
        (valueChange)="valueChange.emit($event)"
      >
        @for (choice of choices; track choice.value) {
          <mat-option [value]="choice.value">{{ choice.label }}</mat-option>
        }
      </mat-select>
    </mat-form-field>
  `,
  styles: `
    .owner-filter {
      width: 150px;
    }
  `,
})
export class OwnerFilterSelect {
  readonly value = input<OwnerFilter>('');
  readonly testId = input('list-owner');
  readonly valueChange = output<OwnerFilter>();
  protected readonly choices = OWNER_FILTER_CHOICES;
}
