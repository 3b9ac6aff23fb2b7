import { BreakpointObserver } from '@angular/cdk/layout';
import { Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatListItem, MatListItemIcon, MatListItemTitle, MatNavList } from '@angular/material/list';
import { MatSidenav, MatSidenavContainer, MatSidenavContent } from '@angular/material/sidenav';
import { MatToolbar } from '@angular/material/toolbar';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { map } from 'rxjs';
import { HealthChip } from './core/health/health-chip';

interface NavLink {
  path: string;
  label: string;
  icon: string;
}

/** Below this width the navigation slides over the page instead of sitting beside it. */
const NARROW_QUERY = '(max-width: 839.98px)';

@Component({
  selector: 'app-root',
  imports: [
    HealthChip,
    MatIcon,
    MatIconButton,
    MatListItem,
    MatListItemIcon,
    MatListItemTitle,
    MatNavList,
    MatSidenav,
    MatSidenavContainer,
    MatSidenavContent,
    MatToolbar,
    RouterLink,
    RouterLinkActive,
    RouterOutlet,
  ],
  templateUrl: './app.html',
  styleUrl: './app.scss',
})
export class App {
  protected readonly links: readonly NavLink[] = [
    { path: '/datasets', label: 'Datasets', icon: 'database' },
    { path: '/training', label: 'Training', icon: 'model_training' },
    { path: '/inference', label: 'Inference', icon: 'image_search' },
    { path: '/compare', label: 'Compare', icon: 'compare' },
  ];

  protected readonly narrow = toSignal(
    inject(BreakpointObserver)
      .observe(NARROW_QUERY)
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
}
