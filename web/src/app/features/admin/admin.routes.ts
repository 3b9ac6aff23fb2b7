import { type Routes } from '@angular/router';
import { AuditLogPage } from './audit-log-page';
import { SettingsPage } from './settings-page';
import { UserAdminPage } from './user-admin-page';

export const ADMIN_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'users' },
  { path: 'users', component: UserAdminPage, title: 'Users · MedSeg' },
  { path: 'audit', component: AuditLogPage, title: 'Audit log · MedSeg' },
  { path: 'settings', component: SettingsPage, title: 'Settings · MedSeg' },
];
