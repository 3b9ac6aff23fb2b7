import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';
import { safeReturnUrl } from './auth.model';
import { AuthService } from './auth.service';

// Each guard injects before it awaits: the injection context ends at the first await.

/** Pages of the app need a signed-in user; others go to the login page and come back after. */
export const signedInGuard: CanActivateFn = async (_route, state) => {
  const [auth, router] = [inject(AuthService), inject(Router)];
  if (await auth.whenLoaded()) return true;
  return router.createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
};

/** A user who signed in with a login link sets a password before anything else. */
export const mustSetPasswordGuard: CanActivateFn = async (_route, state) => {
  const [auth, router] = [inject(AuthService), inject(Router)];
  const me = await auth.whenLoaded();
  if (!me?.mustSetPassword) return true;
  return router.createUrlTree(['/set-password'], { queryParams: { returnUrl: state.url } });
};

/** Admin pages; anyone else lands on the home page. */
export const adminGuard: CanActivateFn = async () => {
  const [auth, router] = [inject(AuthService), inject(Router)];
  const me = await auth.whenLoaded();
  return me?.role === 'admin' ? true : router.createUrlTree(['/']);
};

/** The set-password page is for a user signed in by a login link, who has no password yet. */
export const passwordPendingGuard: CanActivateFn = async (route) => {
  const [auth, router] = [inject(AuthService), inject(Router)];
  const me = await auth.whenLoaded();
  if (!me) return router.createUrlTree(['/login']);
  if (me.mustSetPassword) return true;
  return router.parseUrl(safeReturnUrl(route.queryParamMap.get('returnUrl')));
};
