import { type Routes } from '@angular/router';
import { AuditLogPage } from './audit-log-page';
import { UserAdminPage } from './user-admin-page';

export const ADMIN_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'users' },
  { path: 'users', component: UserAdminPage, title: 'Users · MedSeg' },
  { path: 'audit', component: AuditLogPage, title: 'Audit log · MedSeg' },
];
