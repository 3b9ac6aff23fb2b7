import { Component } from '@angular/core';
import { EmptyState } from '../../shared/empty-state';
import { PageHeader } from '../../shared/page-header';

@Component({
  selector: 'app-datasets-page',
  imports: [EmptyState, PageHeader],
  template: `
    <app-page-header
      icon="database"
      title="Datasets"
      subtitle="Medical images with their segmentation masks, ready for training."
    />
    <app-empty-state icon="upload_file" title="No datasets yet">
      <p>
        This is where you will upload a dataset: a set of images, each with its mask. Every mask is
        checked against its image on upload. Uploading is not available yet.
      </p>
    </app-empty-state>
  `,
})
export class DatasetsPage {}
