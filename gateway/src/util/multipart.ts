import type { Readable } from 'node:stream';
import { BadRequestException, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import busboy from 'busboy';
import type { Request } from 'express';
import { formatMiB } from './archive-guard';

/** One file of a multipart request, handed to a service while it is still arriving. */
export interface IncomingFile {
  fileName: string;
  stream: Readable;
  /**
   * The text fields: those sent before the file are here at once, those sent after it once
   * `stream` has ended.
   */
  fields: Record<string, string>;
  /** Aborted when the client goes away or the rest of the request is refused. */
  signal: AbortSignal;
}

/** A small file read whole into memory, with every text field of the request. */
export interface ReceivedFile {
  fileName: string;
  data: Buffer;
  fields: Record<string, string>;
}

export interface FileField {
  /** The form field the file must come in. */
  field: string;
  /** What the file is, for messages: "the ZIP", "the image". */
  what: string;
  /** The file name when the client sent none. */
  defaultName: string;
}

/** A ZIP travels in a field named "archive" everywhere (datasets, batches). */
export const ARCHIVE_FIELD: FileField = { field: 'archive', what: 'the ZIP', defaultName: 'archive.zip' };
export const IMAGE_FIELD: FileField = { field: 'image', what: 'the image', defaultName: 'image' };

/** True for a multipart/form-data request (a controller may take JSON too). */
export const isMultipart = (req: Request): boolean => !!req.is('multipart/form-data');

/**
 * Parses a multipart/form-data request with exactly one file in `spec.field` and hands the file to
 * `handle` as it arrives (the gateway never holds it whole). Resolves with what `handle` returns once
 * the whole request is read; rejects with a 4xx saying what to send otherwise. When `handle` fails or
 * the request is refused, the rest of the body is drained and `signal` aborts the handler's work.
 */
export function receiveFile<T>(req: Request, spec: FileField, handle: (file: IncomingFile) => Promise<T>): Promise<T> {
  if (!isMultipart(req)) {
    throw new UnsupportedMediaTypeException(`Send ${spec.what} as multipart/form-data with a file field named "${spec.field}"`);
  }
  const abort = new AbortController();
  // The client gave up (cancel button, closed tab): stop and clean up.
  const onClose = () => {
    if (!req.complete) abort.abort(new BadRequestException('Upload cancelled by the client'));
  };
  req.once('close', onClose);

  return new Promise<T>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fields: 10, fieldSize: 64 * 1024 } });
    } catch {
      reject(new BadRequestException('Malformed multipart request: the boundary is missing'));
      return;
    }
    const fields: Record<string, string> = {};
    let handled: Promise<T> | null = null;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      abort.abort(error);
      req.unpipe(parser);
      req.resume();
      reject(error);
    };

    parser.on('field', (name, value) => (fields[name] = value));
    parser.on('file', (field, file, info) => {
      if (field !== spec.field || handled) {
        file.resume();
        fail(new BadRequestException(`Unexpected file field "${field}"; send one file, ${spec.what}, in a field named "${spec.field}"`));
        return;
      }
      handled = handle({ fileName: info.filename || spec.defaultName, stream: file, fields, signal: abort.signal });
      handled.catch(fail);
    });
    parser.on('filesLimit', () => fail(new BadRequestException(`Send one file only, ${spec.what}, in a field named "${spec.field}"`)));
    parser.on('error', (error: Error) => fail(new BadRequestException(`Malformed multipart request: ${error.message}`)));
    parser.on('close', () => {
      if (failed) return;
      if (!handled) {
        fail(new BadRequestException(`No file in the request; send ${spec.what} in a multipart field named "${spec.field}"`));
        return;
      }
      handled.then(resolve, fail);
    });
    req.pipe(parser);
  }).finally(() => req.off('close', onClose));
}

/** Like receiveFile, for a file small enough to hold in memory: at most `maxBytes`, raised by `setting`. */
export function readFile(req: Request, spec: FileField, { maxBytes, setting }: { maxBytes: number; setting: string }): Promise<ReceivedFile> {
  return receiveFile(req, spec, async (file) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    for await (const chunk of file.stream) {
      bytes += (chunk as Buffer).length;
      if (bytes > maxBytes) {
        file.stream.resume();
        throw new PayloadTooLargeException(`${file.fileName} is larger than the ${formatMiB(maxBytes)} limit (${setting}); send a smaller file or raise the limit`);
      }
      chunks.push(chunk as Buffer);
    }
    const data = Buffer.concat(chunks);
    if (data.length === 0) throw new BadRequestException(`${file.fileName} is empty`);
    return { fileName: file.fileName, data, fields: file.fields };
  });
}

/**
 * Reads a multipart request of small files (each at most `maxBytes`) and text fields into memory:
 * `required` must come, `optional` may. Any other file field is a 400.
 */
export function readFiles(
  req: Request,
  required: FileField,
  optional: FileField[],
  { maxBytes, setting }: { maxBytes: number; setting: string },
): Promise<{ files: Record<string, ReceivedFile>; fields: Record<string, string> }> {
  if (!isMultipart(req)) {
    throw new UnsupportedMediaTypeException(`Send ${required.what} as multipart/form-data with a file field named "${required.field}"`);
  }
  const allowed = new Map([required, ...optional].map((spec) => [spec.field, spec]));
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: allowed.size, fields: 20, fieldSize: 64 * 1024 } });
    } catch {
      reject(new BadRequestException('Malformed multipart request: the boundary is missing'));
      return;
    }
    const fields: Record<string, string> = {};
    const files: Record<string, ReceivedFile> = {};
    const reading: Promise<void>[] = [];
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      req.resume();
      reject(error);
    };
    parser.on('field', (name, value) => (fields[name] = value));
    parser.on('file', (field, stream, info) => {
      const spec = allowed.get(field);
      if (!spec || files[field]) {
        stream.resume();
        fail(new BadRequestException(`Unexpected file field "${field}"; send ${[...allowed.keys()].map((f) => `"${f}"`).join(' or ')}`));
        return;
      }
      const fileName = info.filename || spec.defaultName;
      const chunks: Buffer[] = [];
      let bytes = 0;
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > maxBytes) {
          stream.resume();
          fail(new PayloadTooLargeException(`${fileName} is larger than the ${formatMiB(maxBytes)} limit (${setting}); send a smaller file or raise the limit`));
          return;
        }
        chunks.push(chunk);
      });
      reading.push(
        new Promise<void>((done) =>
          stream.on('end', () => {
            const data = Buffer.concat(chunks);
            if (data.length === 0) fail(new BadRequestException(`${fileName} (${spec.what}) is empty`));
            files[field] = { fileName, data, fields };
            done();
          }),
        ),
      );
    });
    parser.on('filesLimit', () => fail(new BadRequestException(`Send at most one file per field (${[...allowed.keys()].join(', ')})`)));
    parser.on('error', (error: Error) => fail(new BadRequestException(`Malformed multipart request: ${error.message}`)));
    parser.on('close', () => {
      void Promise.all(reading).then(() => {
        if (failed) return;
        if (!files[required.field]) {
          fail(new BadRequestException(`No file in the request; send ${required.what} in a multipart field named "${required.field}"`));
          return;
        }
        resolve({ files, fields });
      });
    });
    req.pipe(parser);
  });
}
