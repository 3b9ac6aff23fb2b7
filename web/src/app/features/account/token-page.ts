import { DOCUMENT } from '@angular/common';
import { Component, computed, inject, signal } from '@angular/core';
import { MatCard } from '@angular/material/card';
import { errorMessage } from '../../shared/api-error';
import { EmptyState } from '../../shared/empty-state';
import { FORM_FIELDS } from '../../shared/form-imports';
import { PageHeader } from '../../shared/page-header';
import { SecretReveal } from '../../shared/secret-reveal';
import { UserActions } from '../../shared/user-actions';
import { type CreatedTokenDto, type TokenDto } from '../../core/auth/auth.model';
import { TokenService } from './token.service';
import { TokenTable } from './token-table';

/** Why the expiry field cannot be sent, or null: empty (never) or a whole number of days. */
export function expiryProblem(text: string): string | null {
  if (!text.trim()) return null;
  const days = Number(text);
  if (!Number.isInteger(days) || days < 1 || days > 3650)
    return 'Enter 1 to 3650 days, or leave it empty.';
  return null;
}

/** `/account/tokens`: the user's API tokens for scripts; a new one's secret is shown once. */
@Component({
  selector: 'app-token-page',
  imports: [...FORM_FIELDS, EmptyState, MatCard, PageHeader, SecretReveal, TokenTable],
  templateUrl: './token-page.html',
  styleUrl: './token-page.scss',
})
export class TokenPage {
  protected readonly tokens = inject(TokenService);
  private readonly ui = new UserActions();

  protected readonly name = signal('');
  protected readonly expiresInDays = signal('');
  protected readonly creating = signal(false);
  protected readonly revoking = signal(false);
  protected readonly createError = signal<string | null>(null);
  /** The token just created, with its secret; held only here, and dropped on "Done". */
  protected readonly created = signal<CreatedTokenDto | null>(null);
  protected readonly expiryError = computed(() => expiryProblem(this.expiresInDays()));
  /** How a script sends it; the secret itself stays in the one box above. */
  protected readonly curlExample = `curl -H "Authorization: Bearer $MEDSEG_TOKEN" ${
    inject(DOCUMENT).location.origin
  }/api/models`;

  constructor() {
    this.tokens.load();
  }

  protected text(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected async create(event: Event): Promise<void> {
    event.preventDefault();
    const name = this.name().trim();
    if (this.creating() || !name || this.expiryError()) return;
    this.creating.set(true);
    this.createError.set(null);
    try {
      const days = this.expiresInDays().trim();
      this.created.set(
        await this.tokens.create({ name, expiresInDays: days ? Number(days) : null }),
      );
      this.name.set('');
      this.expiresInDays.set('');
    } catch (error) {
      this.createError.set(errorMessage(error));
    } finally {
      this.creating.set(false);
    }
  }

  protected async confirmRevoke(token: TokenDto): Promise<void> {
    const confirmed = await this.ui.confirm({
      title: `Revoke “${token.name}”?`,
      message: 'Scripts that use this token are refused from now on. This cannot be undone.',
      confirmLabel: 'Revoke',
      destructive: true,
    });
    if (!confirmed) return;
    await this.ui.run(this.revoking, () => this.tokens.revoke(token.id), {
      done: `Revoked “${token.name}”.`,
      failed: `Could not revoke “${token.name}”`,
    });
    if (this.created()?.token.id === token.id) this.created.set(null);
  }
}
