import { DatePipe } from '@angular/common';
import { Component, computed, input, output } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { TABLE } from '../../shared/list-page/table-imports';
import { MatTooltip } from '@angular/material/tooltip';
import { type TokenDto } from '../../core/auth/auth.model';

/** Whether a token's expiry has passed. */
export function isExpired(token: TokenDto, now = Date.now()): boolean {
  return !!token.expiresAt && new Date(token.expiresAt).getTime() <= now;
}

/** The table of API tokens: one's own (account page) or everyone's (`showOwner`, admin page). */
@Component({
  selector: 'app-token-table',
  imports: [...TABLE, DatePipe, MatIcon, MatIconButton, MatTooltip],
  template: `
    <table mat-table [dataSource]="tokens()" [attr.aria-label]="label()">
      <ng-container matColumnDef="name">
        <th mat-header-cell *matHeaderCellDef>Name</th>
        <td mat-cell *matCellDef="let t" class="name">{{ t.name }}</td>
      </ng-container>
      <ng-container matColumnDef="owner">
        <th mat-header-cell *matHeaderCellDef>Owner</th>
        <td mat-cell *matCellDef="let t">{{ t.username }}</td>
      </ng-container>
      <ng-container matColumnDef="prefix">
        <th mat-header-cell *matHeaderCellDef>Starts with</th>
        <td mat-cell *matCellDef="let t">
          <code>{{ t.prefix }}…</code>
        </td>
      </ng-container>
      <ng-container matColumnDef="createdAt">
        <th mat-header-cell *matHeaderCellDef>Created</th>
        <td mat-cell *matCellDef="let t" class="date">{{ t.createdAt | date: 'mediumDate' }}</td>
      </ng-container>
      <ng-container matColumnDef="expiresAt">
        <th mat-header-cell *matHeaderCellDef>Expires</th>
        <td mat-cell *matCellDef="let t" class="date" [class.expired]="isExpired(t)">
          @if (!t.expiresAt) {
            Never
          } @else {
            {{ isExpired(t) ? 'Expired ' : '' }}{{ t.expiresAt | date: 'mediumDate' }}
          }
        </td>
      </ng-container>
      <ng-container matColumnDef="lastUsedAt">
        <th mat-header-cell *matHeaderCellDef>Last used</th>
        <td mat-cell *matCellDef="let t" class="date">
          {{ t.lastUsedAt ? (t.lastUsedAt | date: 'MMM d, y, h:mm a') : 'Never' }}
        </td>
      </ng-container>
      <ng-container matColumnDef="actions">
        <th mat-header-cell *matHeaderCellDef><span class="cdk-visually-hidden">Actions</span></th>
        <td mat-cell *matCellDef="let t" class="actions">
          <button
            matIconButton
            type="button"
            class="revoke"
            data-testid="token-revoke"
            [attr.aria-label]="
              'Revoke the token ' + t.name + (showOwner() ? ' of ' + t.username : '')
            "
            matTooltip="Revoke"
            [disabled]="busy()"
            (click)="revoke.emit(t)"
          >
            <mat-icon>delete</mat-icon>
          </button>
        </td>
      </ng-container>
      <tr mat-header-row *matHeaderRowDef="columns()"></tr>
      <tr
        mat-row
        *matRowDef="let t; columns: columns()"
        data-testid="token-row"
        [attr.data-id]="t.id"
      ></tr>
    </table>
  `,
  styles: `
    @use '../../shared/list-table';

    code {
      font-size: 13px;
    }
    .name {
      min-width: 160px;
      font-weight: 500;
    }
    code,
    .date {
      white-space: nowrap;
    }
    .expired {
      color: var(--mat-sys-error);
    }
    .actions {
      width: 48px;
      text-align: right;
    }
    .revoke {
      color: var(--mat-sys-error);
    }
  `,
})
export class TokenTable {
  readonly tokens = input.required<TokenDto[]>();
  readonly showOwner = input(false);
  readonly busy = input(false);
  readonly label = input('API tokens');
  readonly revoke = output<TokenDto>();

  protected readonly isExpired = isExpired;
  protected readonly columns = computed(() => [
    'name',
    ...(this.showOwner() ? ['owner'] : []),
    'prefix',
    'createdAt',
    'expiresAt',
    'lastUsedAt',
    'actions',
  ]);
}
