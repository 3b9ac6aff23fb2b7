import { Component } from '@angular/core';
import { EmptyState } from '../../shared/empty-state';
import { PageHeader } from '../../shared/page-header';

@Component({
  selector: 'app-training-page',
  imports: [EmptyState, PageHeader],
  template: `
    <app-page-header
      icon="model_training"
      title="Training"
      subtitle="U-Net segmentation models trained on your datasets."
    />
    <app-empty-state icon="monitoring" title="No training jobs yet">
      <p>
        This is where you will start training a model on a dataset and follow its loss and metrics
        while it runs. Training is not available yet.
      </p>
    </app-empty-state>
  `,
})
export class TrainingPage {}
