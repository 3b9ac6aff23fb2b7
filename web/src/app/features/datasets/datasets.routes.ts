import { type Routes } from '@angular/router';
import { DatasetDetail } from './dataset-detail';
import { DatasetList } from './dataset-list';
import { unsavedChangesGuard } from './unsaved-changes.guard';

export const DATASETS_ROUTES: Routes = [
  { path: '', component: DatasetList, title: 'Datasets · MedSeg' },
  { path: ':id', component: DatasetDetail, title: 'Dataset · MedSeg' },
  {
    // Its own chunk: the editor and NiiVue load only when someone annotates.
    path: ':id/annotate',
    loadComponent: () => import('./annotation-page').then((m) => m.AnnotationPage),
    canDeactivate: [unsavedChangesGuard],
    title: 'Annotate · MedSeg',
  },
];
