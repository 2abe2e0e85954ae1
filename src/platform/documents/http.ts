import type { FastifyReply } from 'fastify';

export const DOCUMENT_TYPES = {
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  json: 'application/json; charset=utf-8',
} as const;

export type DocumentType = keyof typeof DOCUMENT_TYPES;

/** RFC 6266: an ASCII fallback name, and the real name in UTF-8 (RFC 8187) for browsers that read filename*. */
export function contentDisposition(filename: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = filename
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export interface SentDocument {
  /** With its extension, e.g. "communes-saint-etienne-metropole-2026-11-28.pdf". */
  readonly filename: string;
  readonly type: DocumentType;
  readonly bytes: Uint8Array;
  /** PDFs open in the browser; other files download. */
  readonly disposition?: 'attachment' | 'inline';
}

/** Sends a produced file: its type, its name, and never cached (documents of a territory are for signed-in people only). */
export function sendDocument(reply: FastifyReply, document: SentDocument): FastifyReply {
  return reply
    .header('content-type', DOCUMENT_TYPES[document.type])
    .header('content-disposition', contentDisposition(document.filename, document.disposition ?? (document.type === 'pdf' ? 'inline' : 'attachment')))
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .send(Buffer.from(document.bytes.buffer, document.bytes.byteOffset, document.bytes.byteLength));
}

/** "Saint-Étienne Métropole" → "saint-etienne-metropole", for file names. */
export function fileSlug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
