import { type Routes } from '@angular/router';
import { TrainingPage } from './training-page';

export const TRAINING_ROUTES: Routes = [
  { path: '', component: TrainingPage, title: 'Training · MedSeg' },
];
