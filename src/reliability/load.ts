/**
 * A mixed workload against a running Mutualis server, from its own process (loopback only, bounded in time and
 * in requests): `node --import tsx src/reliability/load.ts <url> <users> <seconds>`, credentials in
 * MUTUALIS_LOAD_EMAIL / MUTUALIS_LOAD_PASSWORD. Prints one JSON line: counts, errors, latency percentiles per kind.
 */
import { HttpClient, seededRandom } from './client.ts';

export interface LoadResult {
  readonly users: number;
  readonly seconds: number;
  readonly requests: number;
  readonly errors: number;
  readonly firstErrors: readonly string[];
  readonly perKind: Readonly<Record<string, { count: number; p50: number; p95: number; p99: number }>>;
  readonly all: { p50: number; p95: number; p99: number };
}

const SIREN = '244200770';
const WORDS = ['voirie', 'école', 'rénovation énergétique', 'numérique', 'patrimoine', 'eau', 'sport', 'mobilité'];

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
}

export async function runLoad(url: string, users: number, seconds: number, email: string, password: string, seed = 1): Promise<LoadResult> {
  if (!/^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/.test(url)) throw new Error(`Charge refusée : ${url} n'est pas une adresse locale.`);
  const client = await HttpClient.signIn(url, email, password);
  const sittings = (await client.request('GET', `/api/t/${SIREN}/seances`)).body as { id: string }[];
  const sittingId = sittings[0]?.id;
  const communes = ((await client.request('GET', `/api/t/${SIREN}/collectivites`)).body as { id: string; kind: string }[]).filter((c) => c.kind === 'commune').map((c) => c.id);
  const pages = ['', '/communes', '/aides', '/seances', '/achats', '/communes/42218'].map((p) => `/t/${SIREN}${p}`);
  const reads = ['/communes', '/collectivites', '/achats/statistiques/2019', '/seances', '/achats/groupements'].map((p) => `/api/t/${SIREN}${p}`);
  const latencies = new Map<string, number[]>();
  const firstErrors: string[] = [];
  let errors = 0;
  let requests = 0;
  const deadline = Date.now() + seconds * 1000;
  const cap = users * seconds * 100;

  /** An API call's status; an error answer's French message is kept for the report. */
  const api = async (method: string, path: string, body?: unknown) => {
    const r = await client.request(method, path, body);
    if (r.status >= 400) throw new Error(`HTTP ${r.status} ${path} : ${JSON.stringify(r.body).slice(0, 200)}`);
    return r.status;
  };
  const timed = async (kind: string, call: () => Promise<number>) => {
    const started = performance.now();
    let status: number;
    try {
      status = await call();
    } catch (error) {
      status = -1;
      if (firstErrors.length < 10) firstErrors.push(`${kind} : ${(error as Error).message}`);
    }
    const ms = performance.now() - started;
    requests++;
    if (status < 200 || status >= 400) {
      errors++;
      if (status > 0 && firstErrors.length < 10) firstErrors.push(`${kind} : HTTP ${status}`);
    }
    const list = latencies.get(kind) ?? [];
    list.push(ms);
    latencies.set(kind, list);
  };

  const user = async (u: number) => {
    const random = seededRandom(seed * 1000 + u);
    for (let i = 0; Date.now() < deadline && requests < cap; i++) {
      const draw = random();
      if (draw < 0.3) await timed('page', async () => (await client.page(pages[Math.floor(random() * pages.length)]!)).status);
      else if (draw < 0.55) await timed('lecture API', async () => api('GET', reads[Math.floor(random() * reads.length)]!));
      else if (draw < 0.75) {
        const q = encodeURIComponent(WORDS[Math.floor(random() * WORDS.length)]!);
        const commune = communes[Math.floor(random() * communes.length)]!;
        await timed('recherche', async () => api('GET', `/api/t/${SIREN}/aides?q=${q}&pour=${commune}`));
      } else if (draw < 0.93) {
        await timed('écriture', async () => api('POST', `/api/t/${SIREN}/collectivites`, { kind: 'syndicate', name: `Syndicat charge ${seed}-${u}-${i}` }));
      } else if (sittingId) await timed('document PDF', async () => (await client.page(`/t/${SIREN}/seances/${sittingId}/emargement.pdf`)).status);
    }
  };
  await Promise.all(Array.from({ length: users }, (_, u) => user(u)));

  const perKind: Record<string, { count: number; p50: number; p95: number; p99: number }> = {};
  const all: number[] = [];
  for (const [kind, list] of latencies) {
    list.sort((a, b) => a - b);
    all.push(...list);
    perKind[kind] = { count: list.length, p50: percentile(list, 50), p95: percentile(list, 95), p99: percentile(list, 99) };
  }
  all.sort((a, b) => a - b);
  return { users, seconds, requests, errors, firstErrors, perKind, all: { p50: percentile(all, 50), p95: percentile(all, 95), p99: percentile(all, 99) } };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/src\//, '/src/'))) {
  const [url, users, seconds, seed] = process.argv.slice(2);
  const result = await runLoad(url!, Number(users), Number(seconds), process.env.MUTUALIS_LOAD_EMAIL!, process.env.MUTUALIS_LOAD_PASSWORD!, Number(seed ?? 1));
  console.log(JSON.stringify(result));
}
