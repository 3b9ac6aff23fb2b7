import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, throwError } from 'rxjs';
import { AUTH_URL, AuthService } from './auth.service';

/**
 * Calls whose 401 is an answer for the page that made them, not a session that ended: who is
 * signed in, the sign-ins themselves, a wrong current password, and signing out.
 */
const OWN_401 = new Set(
  ['me', 'login', 'login-link', 'password', 'logout', 'logout-all'].map((p) => `${AUTH_URL}/${p}`),
);

function pathOf(url: string): string {
  return new URL(url, 'http://app.invalid').pathname;
}

/** A 401 from any other API call means the session ended: off to the login page. */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  const auth = inject(AuthService);
  return next(request).pipe(
    catchError((error: unknown) => {
      const path = pathOf(request.url);
      if (
        error instanceof HttpErrorResponse &&
        error.status === 401 &&
        path.startsWith('/api/') &&
        !OWN_401.has(path)
      ) {
        auth.sessionEnded();
      }
      return throwError(() => error);
    }),
  );
};
