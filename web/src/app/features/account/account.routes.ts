import { type Routes } from '@angular/router';
import { TokenPage } from './token-page';

export const ACCOUNT_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'tokens' },
  { path: 'tokens', component: TokenPage, title: 'API tokens · MedSeg' },
];
