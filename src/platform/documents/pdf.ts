import { Worker, SHARE_ENV } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { isAbsolute, relative, resolve } from 'node:path';
import { FONT_FILES } from './fonts.ts';

/** The project's root: Typst templates may read files under it only (e.g. `#import "/src/platform/documents/official.typ"`). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WORKER = new URL('./typst-worker.mjs', import.meta.url);
const FONTCONFIG = fileURLToPath(new URL('./fonts.conf', import.meta.url));

export interface PdfOptions {
  /** The document's date (YYYY-MM-DD), written in the PDF instead of "now": the same data gives the same bytes. */
  readonly date: string;
}

interface Job {
  readonly id: number;
  readonly message: { id: number; mainFilePath: string; data: string; creationTimestamp: number };
  readonly resolve: (pdf: Uint8Array) => void;
  readonly reject: (error: Error) => void;
}

interface Slot {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  job: Job | null;
}

/** A small pool of Typst workers with a FIFO queue: compilation never blocks the event loop. */
class TypstPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;

  constructor(private readonly size: number) {}

  run(mainFilePath: string, data: string, creationTimestamp: number): Promise<Uint8Array> {
    return new Promise((resolvePdf, reject) => {
      const id = this.nextId++;
      this.queue.push({ id, message: { id, mainFilePath, data, creationTimestamp }, resolve: resolvePdf, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.queue.length === 0) return;
    const idle = this.slots.find((s) => s.job === null) ?? (this.slots.length < this.size ? this.start() : null);
    if (!idle) return;
    const job = this.queue.shift()!;
    idle.job = job;
    // A busy worker keeps the process alive (a CLI awaiting its PDF); an idle one does not.
    idle.worker.ref();
    idle.ready.then(
      () => idle.worker.postMessage(job.message),
      (error: Error) => this.finish(idle, (j) => j.reject(error)),
    );
  }

  private start(): Slot {
    // SHARE_ENV: the worker hides the system fonts from the compiler through FONTCONFIG_FILE while it starts.
    const worker = new Worker(WORKER, { workerData: { root: PROJECT_ROOT, fontFiles: FONT_FILES, fontconfig: FONTCONFIG }, env: SHARE_ENV });
    worker.unref();
    let markReady: () => void = () => {};
    let markFailed: (error: Error) => void = () => {};
    const slot: Slot = { worker, ready: new Promise((ok, ko) => ((markReady = ok), (markFailed = ko))), job: null };
    slot.ready.catch(() => {});
    worker.on('message', (message: { ready?: true; id?: number; pdf?: Uint8Array; error?: string }) => {
      if (message.ready) return markReady();
      if (message.error !== undefined) this.finish(slot, (j) => j.reject(new Error(message.error)));
      else this.finish(slot, (j) => j.resolve(message.pdf!));
    });
    const fail = (error: Error) => {
      markFailed(error);
      this.slots.splice(this.slots.indexOf(slot), 1);
      if (slot.job) slot.job.reject(error);
      slot.job = null;
      this.pump();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (this.slots.includes(slot)) fail(new Error(`Le compilateur de documents s'est arrêté (code ${code}).`));
    });
    this.slots.push(slot);
    return slot;
  }

  private finish(slot: Slot, settle: (job: Job) => void): void {
    const job = slot.job;
    slot.job = null;
    slot.worker.unref();
    if (job) settle(job);
    this.pump();
  }

  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}

// One worker by default: the machine has 2 cores and the requests must keep one.
let pool = new TypstPool(Number(process.env.MUTUALIS_TYPST_WORKERS ?? 1));

/**
 * Typesets a Typst template (a `.typ` file beside a module's documents.ts) with `data`, given to the template
 * as JSON in `sys.inputs.data` — never pasted into markup, so user text prints literally.
 */
export async function renderPdf(templatePath: string, data: Readonly<Record<string, unknown>>, options: PdfOptions): Promise<Uint8Array> {
  const absolute = resolve(templatePath);
  const inside = relative(PROJECT_ROOT, absolute);
  if (inside.startsWith('..') || isAbsolute(inside)) throw new Error(`Le modèle ${templatePath} est hors du projet.`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.date)) throw new Error(`Date du document invalide : ${options.date}`);
  const creationTimestamp = Date.parse(`${options.date}T12:00:00Z`) / 1000;
  return pool.run(absolute, JSON.stringify({ ...data, documentDate: options.date }), creationTimestamp);
}

/** The path of a template beside the calling module: `templatePath(import.meta.url, 'communes.typ')`. */
export function templatePath(moduleUrl: string, file: string): string {
  return fileURLToPath(new URL(file, moduleUrl));
}

/** Stops the workers (tests, shutdown); the next renderPdf starts new ones. */
export async function closePdfWorkers(): Promise<void> {
  const old = pool;
  pool = new TypstPool(old['size']);
  await old.close();
}
