import { type Routes } from '@angular/router';

export const COMPARE_ROUTES: Routes = [
  {
    path: '',
    // Its own chunk: the charting library is only needed where the charts are.
    loadComponent: () => import('./compare-page').then((m) => m.ComparePage),
    title: 'Compare models · MedSeg',
  },
];
