import { Component } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { EmptyState } from '../../shared/empty-state';

@Component({
  selector: 'app-not-found-page',
  imports: [EmptyState, MatButton, RouterLink],
  template: `
    <app-empty-state icon="search_off" title="Page not found">
      <p>There is no page at this address.</p>
      <a matButton="filled" routerLink="/datasets">Go to datasets</a>
    </app-empty-state>
  `,
})
export class NotFoundPage {}
