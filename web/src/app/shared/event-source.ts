import { InjectionToken } from '@angular/core';

/** Opens a Server-Sent Events stream; tests swap in a fake. */
export const EVENT_SOURCE_FACTORY = new InjectionToken<(url: string) => EventSource>(
  'EVENT_SOURCE_FACTORY',
  { factory: () => (url: string) => new EventSource(url) },
);
