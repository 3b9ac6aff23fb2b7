import { Injectable, NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ModelRepository } from '../repositories/model.repository';
import { type StatusData, TERMINAL_STATES, type TrainingSse } from './training-events';
import { TrainingWatchService } from './training-watch.service';

const HEARTBEAT_MS = 15_000;

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

    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Proxies (nginx) must not buffer the stream.
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n\n');

    let lastSent = lastEventId;
    let ended = false;
    let replaying = true;
    const held: TrainingSse[] = [];
    const end = () => {
      if (ended) return;
      ended = true;
      clearInterval(heartbeat);
      subscription.unsubscribe();
      res.end();
    };
    const send = (event: TrainingSse) => {
      if (ended || event.sequence <= lastSent) return;
      lastSent = event.sequence;
      res.write(`id: ${event.sequence}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);
      if (event.type === 'status' && TERMINAL_STATES.includes((event.data as StatusData).state)) end();
    };
    const subscription = this.watch.liveEvents(id).subscribe((event) => (replaying ? held.push(event) : send(event)));
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    req.once('close', end);

    for (const stored of await this.models.listEventsAfter(id, lastEventId)) {
      send({ sequence: stored.sequence, type: stored.type as TrainingSse['type'], data: JSON.parse(stored.data) as TrainingSse['data'] });
    }
    replaying = false;
    for (const event of held.sort((a, b) => a.sequence - b.sequence)) send(event);
    // Nothing more will come for a finished model (e.g. the client already had the final event).
    const row = await this.models.getById(id);
    if (!row || row.status !== 'training') end();
  }
}
