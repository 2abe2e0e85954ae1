// The Typst compiler in a worker thread: compilation is long synchronous work, kept off the request path.
// Plain JavaScript so that it loads in any runner (tsx, vitest, node) without a TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';

const { root, fontFiles, fontconfig } = workerData;
const fonts = fontFiles.map((file) => readFileSync(file));
// The compiler searches system fonts once, when created: point fontconfig at a folder without fonts meanwhile.
const previous = process.env.FONTCONFIG_FILE;
process.env.FONTCONFIG_FILE = fontconfig;
const { NodeCompiler } = await import('@myriaddreamin/typst-ts-node-compiler');
const compiler = NodeCompiler.create({ workspace: root, fontArgs: [{ fontBlobs: fonts }] });
if (previous === undefined) delete process.env.FONTCONFIG_FILE;
else process.env.FONTCONFIG_FILE = previous;

parentPort.on('message', ({ id, mainFilePath, data, creationTimestamp }) => {
  try {
    const result = compiler.compile({ mainFilePath, inputs: { data } });
    if (!result.result) {
      const diagnostics = (result.takeError() ?? result.takeDiagnostics())?.shortDiagnostics ?? [];
      throw new Error(`Typst : ${diagnostics.map((d) => `${d.path ?? ''} ${d.range ?? ''} ${d.message}`).join(' ; ')}`);
    }
    const pdf = compiler.pdf(result.result, { creationTimestamp });
    // Keep memory flat across many documents.
    compiler.evictCache(10);
    parentPort.postMessage({ id, pdf: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength) });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error?.message ?? error) });
  }
});
parentPort.postMessage({ ready: true });
