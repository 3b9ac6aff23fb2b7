import { type Routes } from '@angular/router';

export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'datasets' },
  {
    path: 'datasets',
    loadChildren: () =>
      import('./features/datasets/datasets.routes').then((m) => m.DATASETS_ROUTES),
  },
  {
    path: 'training',
    loadChildren: () =>
      import('./features/training/training.routes').then((m) => m.TRAINING_ROUTES),
  },
  {
    path: 'inference',
    loadChildren: () =>
      import('./features/inference/inference.routes').then((m) => m.INFERENCE_ROUTES),
  },
  {
    path: 'compare',
    loadChildren: () => import('./features/compare/compare.routes').then((m) => m.COMPARE_ROUTES),
  },
  {
    path: 'evaluations',
    loadChildren: () =>
      import('./features/evaluation/evaluation.routes').then((m) => m.EVALUATION_ROUTES),
  },
  {
    path: 'batches',
    loadChildren: () =>
      import('./features/evaluation/evaluation.routes').then((m) => m.BATCH_ROUTES),
  },
  {
    path: '**',
    loadComponent: () => import('./core/not-found/not-found-page').then((m) => m.NotFoundPage),
    title: 'Page not found · MedSeg',
  },
];
