import { DatePipe } from '@angular/common';
import { Component, type OnInit, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatCard, MatCardContent } from '@angular/material/card';
import { MatIcon } from '@angular/material/icon';
import { MatSlideToggle, type MatSlideToggleChange } from '@angular/material/slide-toggle';
import { PageHeader } from '../../shared/page-header';
import { UserActions } from '../../shared/user-actions';
import { SettingsStore } from './settings.service';

/** `/admin/settings` (admins only): what the platform keeps, switched while it runs. */
@Component({
  selector: 'app-settings-page',
  imports: [DatePipe, MatButton, MatCard, MatCardContent, MatIcon, MatSlideToggle, PageHeader],
  templateUrl: './settings-page.html',
  styleUrl: './settings-page.scss',
})
export class SettingsPage implements OnInit {
  protected readonly store = inject(SettingsStore);
  private readonly ui = new UserActions();
  protected readonly saving = signal(false);

  ngOnInit(): void {
    void this.store.load();
  }

  protected setStoreInputs(event: MatSlideToggleChange): void {
    const storeInferenceInputs = event.checked;
    // The toggle shows what the gateway has until it answers, then what it answered.
    event.source.checked = !storeInferenceInputs;
    void this.ui.run(this.saving, () => this.store.update({ storeInferenceInputs }), {
      done: storeInferenceInputs
        ? 'Inference inputs are kept again.'
        : 'Inference inputs are no longer kept.',
      failed: 'Could not change the setting',
    });
  }
}
