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
    path: '**',
    loadComponent: () => import('./core/not-found/not-found-page').then((m) => m.NotFoundPage),
    title: 'Page not found · MedSeg',
  },
];
