import { Component, inject } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatDivider } from '@angular/material/divider';
import { MatIcon } from '@angular/material/icon';
import { MatMenu, MatMenuItem, MatMenuTrigger } from '@angular/material/menu';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import { errorMessage } from '../../shared/api-error';
import { UserActions } from '../../shared/user-actions';
import { ROLE_LABELS } from './auth.model';
import { AuthService } from './auth.service';
import { ChangePasswordDialog } from './change-password-dialog';

/** The toolbar's account button: who is signed in, their tokens, password and sign-out. */
@Component({
  selector: 'app-user-menu',
  imports: [MatButton, MatDivider, MatIcon, MatMenu, MatMenuItem, MatMenuTrigger, RouterLink],
  template: `
    @if (auth.me(); as me) {
      <button
        matButton
        type="button"
        class="user-button"
        data-testid="user-menu"
        [matMenuTriggerFor]="menu"
        [attr.aria-label]="'Account of ' + me.displayName + ', ' + roles[me.role]"
      >
        <mat-icon>account_circle</mat-icon>
        <span class="who">
          <span class="name">{{ me.displayName }}</span>
          <span class="role" data-testid="user-role">{{ roles[me.role] }}</span>
        </span>
      </button>
      <mat-menu #menu="matMenu" xPosition="before">
        <div class="menu-head" role="presentation">
          <span class="menu-name">{{ me.displayName }}</span>
          <span class="menu-sub">{{ me.username }} · {{ roles[me.role] }}</span>
        </div>
        <mat-divider />
        <a mat-menu-item routerLink="/account/tokens" data-testid="user-menu-tokens">
          <mat-icon>key</mat-icon>
          <span>API tokens</span>
        </a>
        <button
          mat-menu-item
          type="button"
          data-testid="user-menu-password"
          (click)="changePassword()"
        >
          <mat-icon>password</mat-icon>
          <span>Change password</span>
        </button>
        <mat-divider />
        <button
          mat-menu-item
          type="button"
          data-testid="user-menu-sign-out"
          (click)="signOut(false)"
        >
          <mat-icon>logout</mat-icon>
          <span>Sign out</span>
        </button>
        <button
          mat-menu-item
          type="button"
          data-testid="user-menu-sign-out-all"
          (click)="confirmSignOutEverywhere()"
        >
          <mat-icon>devices_off</mat-icon>
          <span>Sign out everywhere</span>
        </button>
      </mat-menu>
    }
  `,
  styles: `
    .user-button {
      --mat-button-text-label-text-color: inherit;
      height: 48px;
      text-align: left;
    }
    .who {
      display: inline-flex;
      flex-direction: column;
      line-height: 1.2;
    }
    .name {
      font: var(--mat-sys-label-large);
      max-width: 180px;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .role {
      font: var(--mat-sys-label-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .menu-head {
      display: flex;
      flex-direction: column;
      padding: 8px 16px 12px;
    }
    .menu-name {
      font: var(--mat-sys-title-small);
    }
    .menu-sub {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    @media (max-width: 599.98px) {
      .who {
        display: none;
      }
    }
  `,
})
export class UserMenu {
  protected readonly auth = inject(AuthService);
  protected readonly roles = ROLE_LABELS;
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly ui = new UserActions();

  protected changePassword(): void {
    this.dialog
      .open(ChangePasswordDialog, { width: '440px' })
      .afterClosed()
      .subscribe((changed) => {
        if (changed) this.snackBar.open('Password changed.', 'OK', { duration: 4000 });
      });
  }

  protected async confirmSignOutEverywhere(): Promise<void> {
    const confirmed = await this.ui.confirm({
      title: 'Sign out everywhere?',
      message:
        'Every browser signed in to your account is signed out, this one too. API tokens keep ' +
        'working; revoke them on the API tokens page.',
      confirmLabel: 'Sign out everywhere',
    });
    if (confirmed) await this.signOut(true);
  }

  protected async signOut(everywhere: boolean): Promise<void> {
    try {
      await this.auth.signOut(everywhere);
    } catch (error) {
      this.snackBar.open(`Could not sign out: ${errorMessage(error)}`, 'Dismiss', {
        duration: 10_000,
      });
    }
  }
}
