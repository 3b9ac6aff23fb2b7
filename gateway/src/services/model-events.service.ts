import { Injectable, NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ModelRepository } from '../repositories/model.repository';
import { openSse } from '../util/sse';
import { type StatusData, TERMINAL_STATES, type TrainingSse } from './training-events';
import { TrainingWatchService } from './training-watch.service';

/**
 * Server-Sent Events of one model: the stored history after Last-Event-ID first, then live events,
 * without gaps or repeats (live events that arrive during the replay are held back and deduplicated
 * by sequence). The stream ends after the job's final status.
 */
@Injectable()
export class ModelEventsService {
  constructor(
    private readonly models: ModelRepository,
    private readonly watch: TrainingWatchService,
  ) {}

  async stream(id: string, lastEventId: number, req: Request, res: Response): Promise<void> {
    if (!(await this.models.getById(id))) throw new NotFoundException(`Model ${id} not found`);

    const stream = openSse(req, res);
    let lastSent = lastEventId;
    let replaying = true;
    const held: TrainingSse[] = [];
    const send = (event: TrainingSse) => {
      if (stream.ended || event.sequence <= lastSent) return;
      lastSent = event.sequence;
      stream.send(event.sequence, event.type, event.data);
      if (event.type === 'status' && TERMINAL_STATES.includes((event.data as StatusData).state)) stream.end();
    };
    const subscription = this.watch.liveEvents(id).subscribe((event) => (replaying ? held.push(event) : send(event)));
    stream.onEnd(() => subscription.unsubscribe());

    for (const stored of await this.models.listEventsAfter(id, lastEventId)) {
      send({ sequence: stored.sequence, type: stored.type as TrainingSse['type'], data: JSON.parse(stored.data) as TrainingSse['data'] });
    }
    replaying = false;
    for (const event of held.sort((a, b) => a.sequence - b.sequence)) send(event);
    // Nothing more will come for a finished model (e.g. the client already had the final event).
    const row = await this.models.getById(id);
    if (!row || row.status !== 'training') stream.end();
  }
}
