import { Component } from '@angular/core';
import { EmptyState } from '../../shared/empty-state';
import { PageHeader } from '../../shared/page-header';

@Component({
  selector: 'app-inference-page',
  imports: [EmptyState, PageHeader],
  template: `
    <app-page-header
      icon="image_search"
      title="Inference"
      subtitle="Segment new images with a trained model."
    />
    <app-empty-state icon="layers" title="Nothing to segment yet">
      <p>
        This is where you will pick a trained model, open an image and see the predicted mask laid
        over it. Inference is not available yet.
      </p>
    </app-empty-state>
  `,
})
export class InferencePage {}
