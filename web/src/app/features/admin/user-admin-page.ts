import { DatePipe } from '@angular/common';
import { Component, inject, signal } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatCard } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatMenu, MatMenuContent, MatMenuItem, MatMenuTrigger } from '@angular/material/menu';
import { MatSlideToggle } from '@angular/material/slide-toggle';
import { MatTab, MatTabGroup } from '@angular/material/tabs';
import { firstValueFrom } from 'rxjs';
import { FORM_FIELDS, SELECT_FIELD } from '../../shared/form-imports';
import { TABLE } from '../../shared/list-page/table-imports';
import { PageHeader } from '../../shared/page-header';
import { UserActions } from '../../shared/user-actions';
import {
  ROLES,
  ROLE_LABELS,
  type Role,
  type TokenDto,
  type UpdateUserBody,
  type UserDto,
} from '../../core/auth/auth.model';
import { AuthService } from '../../core/auth/auth.service';
import { TokenTable } from '../account/token-table';
import { CreateUserDialog } from './create-user-dialog';
import { LoginLinkDialog, type LoginLinkDialogData } from './login-link-dialog';
import { UserAdminService } from './user-admin.service';

/** `/admin/users` (admins only): users, their roles and sign-in, and every API token. */
@Component({
  selector: 'app-user-admin-page',
  imports: [
    ...FORM_FIELDS,
    ...SELECT_FIELD,
    ...TABLE,
    DatePipe,
    MatCard,
    MatIconButton,
    MatMenu,
    MatMenuContent,
    MatMenuItem,
    MatMenuTrigger,
    MatSlideToggle,
    MatTab,
    MatTabGroup,
    PageHeader,
    TokenTable,
  ],
  templateUrl: './user-admin-page.html',
  styleUrl: './user-admin-page.scss',
})
export class UserAdminPage {
  protected readonly admin = inject(UserAdminService);
  protected readonly me = inject(AuthService).me;
  private readonly dialog = inject(MatDialog);
  private readonly ui = new UserActions();
  protected readonly roles = ROLES;
  protected readonly roleLabels = ROLE_LABELS;
  protected readonly columns = ['user', 'role', 'enabled', 'signIn', 'lastLoginAt', 'actions'];
  /** The change on its way; that user's row waits for it. */
  protected readonly pending = signal<{ id: string; patch: UpdateUserBody } | null>(null);
  protected readonly busy = signal(false);
  protected readonly revoking = signal(false);

  constructor() {
    this.admin.users.load();
    this.admin.tokens.load();
  }

  protected trackById(_: number, user: UserDto): string {
    return user.id;
  }

  protected async createUser(): Promise<void> {
    const ref = this.dialog.open(CreateUserDialog, { width: '480px' });
    const created = await firstValueFrom(ref.afterClosed());
    if (!created?.loginLink) return;
    this.showLink({
      title: `Created ${created.user.username}`,
      who: who(created.user),
      loginLink: created.loginLink,
      expiresAt: null,
    });
  }

  protected setRole(user: UserDto, role: Role): Promise<void> {
    return this.update(
      user,
      { role },
      `Could not make ${user.username} ${ROLE_LABELS[role].toLowerCase()}`,
      `${user.username} is now ${ROLE_LABELS[role].toLowerCase()}.`,
    );
  }

  protected setEnabled(user: UserDto, enabled: boolean): Promise<void> {
    return this.update(
      user,
      { disabled: !enabled },
      `Could not ${enabled ? 'enable' : 'disable'} ${user.username}`,
      enabled
        ? `${user.username} can sign in again.`
        : `${user.username} can no longer sign in; their sessions and tokens stop working.`,
    );
  }

  protected async newLoginLink(user: UserDto): Promise<void> {
    const confirmed = await this.ui.confirm({
      title: `New login link for ${user.username}?`,
      message:
        'They sign in once with it and choose a new password (a password reset). ' +
        'You send them the link; it works for one day.',
      confirmLabel: 'Create link',
    });
    if (!confirmed) return;
    await this.ui.run(
      this.busy,
      async () => {
        const link = await this.admin.newLoginLink(user.id);
        this.showLink({ title: `Login link for ${user.username}`, who: who(user), ...link });
      },
      { failed: `Could not create a login link for ${user.username}` },
    );
  }

  protected async signOutEverywhere(user: UserDto): Promise<void> {
    const confirmed = await this.ui.confirm({
      title: `Sign ${user.username} out everywhere?`,
      message: 'Every browser session of this user ends. Their API tokens keep working.',
      confirmLabel: 'Sign out',
    });
    if (!confirmed) return;
    await this.ui.run(this.busy, () => this.admin.signOutEverywhere(user.id), {
      done: `Signed ${user.username} out everywhere.`,
      failed: `Could not sign ${user.username} out`,
    });
  }

  protected async revokeToken(token: TokenDto): Promise<void> {
    const confirmed = await this.ui.confirm({
      title: `Revoke “${token.name}” of ${token.username}?`,
      message: 'Scripts that use this token are refused from now on. This cannot be undone.',
      confirmLabel: 'Revoke',
      destructive: true,
    });
    if (!confirmed) return;
    await this.ui.run(this.revoking, () => this.admin.revokeToken(token.id), {
      done: `Revoked “${token.name}”.`,
      failed: `Could not revoke “${token.name}”`,
    });
  }

  /** A user as the row shows them: with the change on its way, until the gateway answers. */
  protected shown(user: UserDto): UserDto {
    const pending = this.pending();
    return pending?.id === user.id ? { ...user, ...pending.patch } : user;
  }

  private async update(
    user: UserDto,
    patch: UpdateUserBody,
    failed: string,
    done: string,
  ): Promise<void> {
    // On a refusal the row's select or toggle goes back to what the gateway still has.
    this.pending.set({ id: user.id, patch });
    await this.ui.run(this.busy, () => this.admin.updateUser(user.id, patch), { done, failed });
    this.pending.set(null);
  }

  private showLink(data: LoginLinkDialogData): void {
    this.dialog.open(LoginLinkDialog, { data, width: '520px' });
  }
}

function who(user: UserDto): string {
  return `${user.displayName} (${user.username})`;
}
