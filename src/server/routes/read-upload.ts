/**
 * Reading an upload from a request: a multipart form (busboy, one file, a few short fields) or a
 * raw body, refused past a byte limit before it is all read (Content-Length first, then counting).
 */
import type { Request } from 'express';
import busboy from 'busboy';
import { AppError } from '../app-error.ts';

/** An uploaded file and the form's text fields. */
export interface Upload {
  bytes: Uint8Array;
  fileName?: string;
  fields: Record<string, string>;
}

/** Limits for `readUpload`. */
export interface UploadOptions {
  maxBytes: number;
  /** The multipart field holding the file (default "file"). */
  fileField?: string;
}

function tooLarge(maxBytes: number): AppError {
  return new AppError(413, `The upload is over the ${maxBytes}-byte limit.`);
}

/** Reads a raw request body into bytes, refusing more than `maxBytes`. */
export async function readRawBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    total += buffer.length;
    if (total > maxBytes) {
      request.resume();
      throw tooLarge(maxBytes);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function readMultipart(request: Request, options: UploadOptions): Promise<Upload> {
  const fileField = options.fileField ?? 'file';
  return new Promise<Upload>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: request.headers, limits: { files: 1, fileSize: options.maxBytes, fields: 20, fieldSize: 2000 } });
    } catch (error) {
      reject(new AppError(400, `Malformed multipart upload: ${(error as Error).message}`, { cause: error }));
      return;
    }
    const fields: Record<string, string> = {};
    let file: Promise<{ bytes: Uint8Array; fileName?: string }> | undefined;
    let failure: AppError | undefined;
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== fileField || file) {
        stream.resume();
        return;
      }
      file = new Promise((resolveFile) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('limit', () => {
          failure = tooLarge(options.maxBytes);
          stream.resume();
        });
        stream.on('end', () => resolveFile({ bytes: Buffer.concat(chunks), ...(info.filename ? { fileName: info.filename } : {}) }));
      });
    });
    parser.on('error', (error) => reject(new AppError(400, `Malformed multipart upload: ${(error as Error).message}`, { cause: error })));
    parser.on('close', () => {
      if (failure) return reject(failure);
      if (!file) return reject(new AppError(400, `The upload has no "${fileField}" file field.`));
      file.then((read) => resolve({ ...read, fields }), reject);
    });
    request.pipe(parser);
  });
}

/** Reads a multipart form (file in `fileField`) or, for any other content type, the raw body. */
export async function readUpload(request: Request, options: UploadOptions): Promise<Upload> {
  const type = request.headers['content-type'] ?? '';
  if (/^multipart\/form-data/i.test(type)) return readMultipart(request, options);
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > options.maxBytes) throw tooLarge(options.maxBytes);
  return { bytes: await readRawBody(request, options.maxBytes), fields: {} };
}
