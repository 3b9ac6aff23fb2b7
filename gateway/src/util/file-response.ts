import type { Readable } from 'node:stream';
import { StreamableFile } from '@nestjs/common';
import type { Response } from 'express';

/** A stored object as a response body; with `res` and a file name, as an attachment. */
export function fileResponse(
  file: { body: Readable; contentLength?: number; fileName?: string },
  type: string,
  res?: Response,
): StreamableFile {
  if (res && file.fileName) res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
  return new StreamableFile(file.body, { type, length: file.contentLength });
}
