import { type Routes } from '@angular/router';

export const EVALUATION_ROUTES: Routes = [
  {
    path: ':id',
    loadComponent: () => import('./evaluation-page').then((m) => m.EvaluationPage),
    title: 'Evaluation · MedSeg',
  },
];

export const BATCH_ROUTES: Routes = [
  {
    path: ':id',
    loadComponent: () => import('./batch-page').then((m) => m.BatchPage),
    title: 'Batch inference · MedSeg',
  },
];
