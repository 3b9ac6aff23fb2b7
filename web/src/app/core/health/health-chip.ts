import { DatePipe } from '@angular/common';
import { Component, computed, inject } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatMenu, MatMenuItem, MatMenuTrigger } from '@angular/material/menu';
import { HealthService } from './health.service';

/** Colour of the chip: green, red, or grey when the gateway has not answered (yet). */
export type HealthTone = 'up' | 'down' | 'unknown';

/** Toolbar chip that sums up `GET /api/health`; its menu lists each dependency. */
@Component({
  selector: 'app-health-chip',
  imports: [DatePipe, MatButton, MatIcon, MatMenu, MatMenuItem, MatMenuTrigger],
  templateUrl: './health-chip.html',
  styleUrl: './health-chip.scss',
})
export class HealthChip {
  protected readonly health = inject(HealthService);

  protected readonly tone = computed<HealthTone>(() => {
    const report = this.health.report();
    if (!report) return 'unknown';
    return report.status === 'down' || this.health.down().length > 0 ? 'down' : 'up';
  });

  protected readonly label = computed(() => {
    const state = this.health.state();
    switch (state.kind) {
      case 'checking':
        return 'Checking…';
      case 'unreachable':
        return 'Gateway unreachable';
      case 'reported': {
        const down = this.health.down();
        if (down.length > 0) return `${down.length} down: ${down.map((d) => d.name).join(', ')}`;
        return state.report.status === 'down' ? 'Platform down' : 'All systems up';
      }
    }
  });

  protected readonly unreachableReason = computed(() => {
    const state = this.health.state();
    return state.kind === 'unreachable' ? state.reason : '';
  });

  protected readonly icon = computed(() => {
    const state = this.health.state();
    if (state.kind === 'checking') return 'pending';
    if (state.kind === 'unreachable') return 'cloud_off';
    return this.tone() === 'up' ? 'check_circle' : 'error';
  });
}
