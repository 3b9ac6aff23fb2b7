import { DestroyRef, type Signal, computed, effect, inject, untracked } from '@angular/core';
import { Title } from '@angular/platform-browser';

export interface RouteDetailOptions<T> {
  /** The `:id` route parameter. */
  id: Signal<string>;
  /** What the store holds open; may still be the item shown before. */
  detail: Signal<T | null>;
  open: (id: string) => void;
  /** Called when the page goes away (stops a live stream). */
  close?: () => void;
  /** The browser tab's title for a loaded item. */
  title: (item: T) => string;
}

/**
 * The item a detail page shows (dataset, model, evaluation, batch): opens it for each new route id
 * and closes it on leaving, hides the one shown before until the new one is there, and names the
 * tab. Create it in a field initializer (it injects and registers effects).
 */
export class RouteDetail<T extends { id: string }> {
  /** The open item, once it matches the route (never the one shown before). */
  readonly item: Signal<T | null>;

  constructor(private readonly options: RouteDetailOptions<T>) {
    const { id, detail } = options;
    this.item = computed(() => {
      const item = detail();
      return item && item.id === id() ? item : null;
    });
    // Only the route id may re-run this: opening reads and writes the store's signals.
    effect(() => {
      const current = id();
      untracked(() => options.open(current));
    });
    if (options.close) inject(DestroyRef).onDestroy(options.close);
    const title = inject(Title);
    effect(() => {
      const item = this.item();
      if (item) title.setTitle(options.title(item));
    });
  }

  /** Loads the route's item again (after a load error). */
  retry(): void {
    this.options.open(this.options.id());
  }
}
