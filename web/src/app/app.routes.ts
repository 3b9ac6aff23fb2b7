import { type Routes } from '@angular/router';
import {
  adminGuard,
  mustSetPasswordGuard,
  passwordPendingGuard,
  signedInGuard,
} from './core/auth/auth.guards';

/** Route data of the pages shown without the toolbar and side navigation (before sign-in). */
export interface ShellData {
  bare?: boolean;
}

export const routes: Routes = [
  {
    path: 'login',
    loadComponent: () => import('./features/account/login-page').then((m) => m.LoginPage),
    title: 'Sign in · MedSeg',
    data: { bare: true } satisfies ShellData,
  },
  {
    path: 'set-password',
    canActivate: [passwordPendingGuard],
    loadComponent: () =>
      import('./features/account/set-password-page').then((m) => m.SetPasswordPage),
    title: 'Set your password · MedSeg',
    data: { bare: true } satisfies ShellData,
  },
  {
    // Everything else needs a signed-in user who has set a password.
    path: '',
    canActivateChild: [signedInGuard, mustSetPasswordGuard],
    children: [
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
        loadChildren: () =>
          import('./features/compare/compare.routes').then((m) => m.COMPARE_ROUTES),
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
        path: 'account',
        loadChildren: () =>
          import('./features/account/account.routes').then((m) => m.ACCOUNT_ROUTES),
      },
      {
        path: 'admin',
        canActivate: [adminGuard],
        loadChildren: () => import('./features/admin/admin.routes').then((m) => m.ADMIN_ROUTES),
      },
      {
        path: '**',
        loadComponent: () => import('./core/not-found/not-found-page').then((m) => m.NotFoundPage),
        title: 'Page not found · MedSeg',
      },
    ],
  },
];
