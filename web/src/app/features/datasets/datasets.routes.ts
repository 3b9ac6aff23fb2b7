import { type Routes } from '@angular/router';
import { DatasetsPage } from './datasets-page';

export const DATASETS_ROUTES: Routes = [
  { path: '', component: DatasetsPage, title: 'Datasets · MedSeg' },
];
