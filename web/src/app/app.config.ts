import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import {
  type ApplicationConfig,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
} from '@angular/core';
import {
  MAT_FORM_FIELD_DEFAULT_OPTIONS,
  type MatFormFieldDefaultOptions,
} from '@angular/material/form-field';
import { MatIconRegistry } from '@angular/material/icon';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { routes } from './app.routes';
import { authInterceptor } from './core/auth/auth.interceptor';
import { AuthService } from './core/auth/auth.service';

// Zoneless change detection is Angular's default (no zone.js in this app), and Material no
// longer needs @angular/animations, so neither provider is listed here.
export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideHttpClient(withFetch(), withInterceptors([authInterceptor])),
    provideRouter(routes, withComponentInputBinding()),
    {
      // A hint or error takes the room it needs below its field. With Material's fixed one-line
      // subscript, a hint that wraps (narrow columns at 1024 px) ran over the field below it.
      provide: MAT_FORM_FIELD_DEFAULT_OPTIONS,
      useValue: { subscriptSizing: 'dynamic' } satisfies MatFormFieldDefaultOptions,
    },
    provideAppInitializer(() => {
      // Material would guess the icon font from the loaded fonts; say it outright so icons
      // never fall back to the legacy "Material Icons" font, which this app does not ship.
      inject(MatIconRegistry).setDefaultFontSetClass(
        'material-symbols-outlined',
        'mat-ligature-font',
      );
      // Ask who is signed in right away; the route guards wait for this answer.
      void inject(AuthService).whenLoaded();
    }),
  ],
};
