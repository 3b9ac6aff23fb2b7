import { type Routes } from '@angular/router';
import { InferencePage } from './inference-page';

export const INFERENCE_ROUTES: Routes = [
  { path: '', component: InferencePage, title: 'Inference · MedSeg' },
];
