import { BreakpointObserver } from '@angular/cdk/layout';
import { Component, computed, inject, linkedSignal, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatListItem, MatListItemIcon, MatListItemTitle, MatNavList } from '@angular/material/list';
import { MatSidenav, MatSidenavContainer, MatSidenavContent } from '@angular/material/sidenav';
import { MatTooltip } from '@angular/material/tooltip';
import { MatToolbar } from '@angular/material/toolbar';
import {
  type ActivatedRouteSnapshot,
  NavigationEnd,
  Router,
  RouterLink,
  RouterLinkActive,
  RouterOutlet,
} from '@angular/router';
import { filter, map } from 'rxjs';
import { type ShellData } from './app.routes';
import { AuthService } from './core/auth/auth.service';
import { UserMenu } from './core/auth/user-menu';
import { HealthChip } from './core/health/health-chip';

type Layout = 'pending' | 'bare' | 'shell';

interface NavLink {
  path: string;
  label: string;
  icon: string;
}

/** Below this width the navigation slides over the page instead of sitting beside it. */
export const NARROW_QUERY = '(max-width: 839.98px)';
/** Below this width the side navigation starts as a rail of icons, leaving the page the room. */
export const COMPACT_QUERY = '(max-width: 1199.98px)';

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
    MatTooltip,
    RouterLink,
    RouterLinkActive,
    RouterOutlet,
    UserMenu,
  ],
  templateUrl: './app.html',
  styleUrl: './app.scss',
})
export class App {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly mainLinks: readonly NavLink[] = [
    { path: '/datasets', label: 'Datasets', icon: 'database' },
    { path: '/training', label: 'Training', icon: 'model_training' },
    { path: '/inference', label: 'Inference', icon: 'image_search' },
    { path: '/compare', label: 'Compare', icon: 'compare' },
  ];
  private readonly adminLinks: readonly NavLink[] = [
    { path: '/admin/users', label: 'Users', icon: 'manage_accounts' },
    { path: '/admin/audit', label: 'Audit log', icon: 'history' },
    { path: '/admin/settings', label: 'Settings', icon: 'tune' },
  ];
  protected readonly links = computed(() =>
    this.auth.can('manageUsers') ? [...this.mainLinks, ...this.adminLinks] : this.mainLinks,
  );

  /**
   * Which frame the current page has: none until the first navigation is done (so the login page
   * never flashes the app's), `bare` for the pages before sign-in, else toolbar and navigation.
   */
  protected readonly layout = toSignal(
    this.router.events.pipe(
      filter((event) => event instanceof NavigationEnd),
      map((): Layout => (isBare(this.router.routerState.snapshot.root) ? 'bare' : 'shell')),
    ),
    { initialValue: 'pending' as Layout },
  );

  private readonly breakpoints = inject(BreakpointObserver);
  protected readonly narrow = this.matches(NARROW_QUERY);
  private readonly compact = this.matches(COMPACT_QUERY);
  /** Side navigation as icons only; follows the width until the toggle is used. */
  protected readonly collapsed = linkedSignal(() => this.compact());
  /** Whether the sliding navigation of narrow screens is open. */
  protected readonly overlayOpen = signal(false);
  protected readonly rail = computed(() => !this.narrow() && this.collapsed());
  protected readonly navExpanded = computed(() =>
    this.narrow() ? this.overlayOpen() : !this.collapsed(),
  );

  protected toggleNav(sidenav: MatSidenav): void {
    if (this.narrow()) void sidenav.toggle();
    else this.collapsed.update((collapsed) => !collapsed);
  }

  private matches(query: string) {
    return toSignal(this.breakpoints.observe(query).pipe(map((state) => state.matches)), {
      initialValue: false,
    });
  }
}

function isBare(route: ActivatedRouteSnapshot): boolean {
  let leaf = route;
  while (leaf.firstChild) leaf = leaf.firstChild;
  return !!(leaf.data as ShellData)['bare'];
}
