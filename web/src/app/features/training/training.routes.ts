import { type Routes } from '@angular/router';
import { TrainingPage } from './training-page';

export const TRAINING_ROUTES: Routes = [
  { path: '', component: TrainingPage, title: 'Training · MedSeg' },
  {
    path: ':id',
    // Its own chunk: the charting library is only needed where the charts are.
    loadComponent: () => import('./model-detail').then((m) => m.ModelDetail),
    title: 'Model · MedSeg',
  },
];
