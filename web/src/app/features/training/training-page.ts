import { Component, inject } from '@angular/core';
import { AuthService } from '../../core/auth/auth.service';
import { PageHeader } from '../../shared/page-header';
import { ModelList } from './model-list';
import { TrainingForm } from './training-form';

/** The training page: start a training, and the table of models below it. */
@Component({
  selector: 'app-training-page',
  imports: [ModelList, PageHeader, TrainingForm],
  template: `
    <app-page-header
      icon="model_training"
      title="Training"
      subtitle="U-Net segmentation models trained on your datasets."
    />
    @if (auth.can('train')) {
      <app-training-form />
    }
    <app-model-list />
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 32px;
    }
    app-page-header {
      margin-bottom: -32px;
    }
  `,
})
export class TrainingPage {
  protected readonly auth = inject(AuthService);
}
