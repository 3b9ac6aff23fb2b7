import { HttpClient } from '@angular/common/http';
import { Injectable, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { type LoadError, toResult } from '../../shared/load-result';
import { type ApiSchema } from '../../shared/api-schema';

export type Settings = ApiSchema<'SettingsDto'>;
export type SettingsChange = ApiSchema<'UpdateSettingsDto'>;
export const ADMIN_SETTINGS_URL = '/api/admin/settings';

/** The settings an admin changes at run time (`/api/admin/settings`); the gateway stores them in S3. */
@Injectable({ providedIn: 'root' })
export class SettingsStore {
  private readonly http = inject(HttpClient);
  private readonly _settings = signal<Settings | null>(null);
  private readonly _error = signal<LoadError | null>(null);

  /** Null until the first answer. */
  readonly settings = this._settings.asReadonly();
  readonly error = this._error.asReadonly();

  async load(): Promise<void> {
    const result = await firstValueFrom(toResult(this.http.get<Settings>(ADMIN_SETTINGS_URL)));
    if (result.ok) {
      this._settings.set(result.value);
      this._error.set(null);
    } else {
      this._error.set(result.error);
    }
  }

  /** Throws the gateway's refusal; the shown settings stay as the gateway has them. */
  async update(change: SettingsChange): Promise<void> {
    this._settings.set(await firstValueFrom(this.http.put<Settings>(ADMIN_SETTINGS_URL, change)));
  }
}
