import { type Routes } from '@angular/router';
import { DatasetDetail } from './dataset-detail';
import { DatasetList } from './dataset-list';

export const DATASETS_ROUTES: Routes = [
  { path: '', component: DatasetList, title: 'Datasets · MedSeg' },
  { path: ':id', component: DatasetDetail, title: 'Dataset · MedSeg' },
];
