import path from 'node:path';
import { createRequire } from 'node:module';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { auditCheckEnabled, type Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { UserError } from './errors.ts';
import { frenchValidationMessage } from './validation.ts';
import { ErrorPage } from './pages.tsx';
import { renderPage } from './layout.tsx';
import { MIGRATIONS_FOLDER, pgError } from '../db/database.ts';
import { auditedInRequest } from '../audit.ts';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/** Every route the server answers, for the authorization matrix and the hostile-input tests. */
export interface RouteEntry {
  readonly method: string;
  readonly url: string;
  /** Who may call it, as the route declares (config.access). */
  readonly access: string | null;
  /** A page (hidden from the OpenAPI spec) rather than an API route. */
  readonly hidden: boolean;
  /** Its JSON schemas (body, querystring, params…), as declared. */
  readonly schema: Readonly<Record<string, unknown>>;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeInventory: readonly RouteEntry[];
  }
}

export interface ServerDeps {
  readonly db: Database;
  readonly config: Config;
}

/** A piece of the application: it adds its hooks and routes to the server. */
export type Plugin = (app: App, deps: ServerDeps) => Promise<void> | void;

const require = createRequire(import.meta.url);
const STATIC_DIR = path.resolve(MIGRATIONS_FOLDER, '../static');
const HTMX_DIR = path.dirname(require.resolve('htmx.org/dist/htmx.min.js'));

export function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.url === '/api';
}

const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: "Le corps de la requête n'est pas un JSON valide.",
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Le corps de la requête JSON est vide.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "Le type de contenu de la requête n'est pas accepté.",
  FST_ERR_CTP_BODY_TOO_LARGE: 'Le corps de la requête est trop volumineux.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "L'en-tête Content-Length ne correspond pas au corps de la requête.",
  FST_CSRF_MISSING_SECRET: 'Jeton de sécurité (CSRF) absent : rechargez la page et recommencez.',
  FST_CSRF_INVALID_TOKEN: 'Jeton de sécurité (CSRF) invalide : rechargez la page et recommencez.',
  FST_ERR_BAD_URL: "L'adresse demandée n'est pas valide.",
  FST_ERR_ASYNC_CONSTRAINT: "L'adresse demandée n'est pas valide.",
  FST_REQ_FILE_TOO_LARGE: 'Le fichier envoyé dépasse la taille autorisée (5 Mo).',
  FST_FILES_LIMIT: 'Un seul fichier peut être envoyé à la fois.',
  FST_FIELDS_LIMIT: 'Le formulaire contient trop de champs.',
  FST_PARTS_LIMIT: 'Le formulaire contient trop de parties.',
  FST_INVALID_MULTIPART_CONTENT_TYPE: "La requête n'est pas un envoi de formulaire avec fichier (multipart/form-data).",
  FST_PROTO_VIOLATION: 'Le formulaire envoyé est invalide.',
};

const WHERE_LABEL = { params: "Le paramètre d'adresse", querystring: 'Le paramètre', body: 'Le champ' } as const;

/** PostgreSQL text cannot hold U+0000: such input is refused up front, naming the field. */
function nulByteField(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'valeur' : null;
  if (depth > 20 || value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return null;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (key.includes('\u0000')) return path ? `${path}.?` : '?';
    const found = nulByteField(inner, path ? `${path}.${key}` : key, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

const DISK_FULL = 'Le serveur manque de ressources (espace disque ou mémoire) : rien n’a été enregistré. Réessayez plus tard ou prévenez l’administrateur.';
const DATABASE_DOWN = 'La base de données est momentanément indisponible : rien n’a été enregistré. Réessayez dans quelques instants.';

/** A connection to PostgreSQL refused, reset or cut while the server is down or restarting. */
function databaseUnreachable(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTCONN'].includes(code)) return true;
    if (typeof message === 'string' && /Connection terminated|terminating connection|the database system is (starting up|shutting down)|Client has encountered a connection error/i.test(message)) return true;
  }
  return false;
}

function nonFiniteField(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : path || 'valeur';
  if (depth > 20 || value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return null;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const found = nonFiniteField(inner, path ? `${path}.${key}` : key, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

function frenchMessage(error: FastifyError): { status: number; message: string; field?: string } {
  if (error instanceof UserError) return { status: error.status, message: error.message, ...(error.field ? { field: error.field } : {}) };
  if (error.validation && error.validation.length > 0) {
    const first = frenchValidationMessage(error.validation[0]!, error.validationContext ?? 'body');
    return { status: 400, message: first.message, field: first.field };
  }
  if (error.code === 'FST_ERR_RATE_LIMIT' || error.statusCode === 429) {
    return { status: 429, message: 'Trop de tentatives : patientez une minute avant de réessayer.' };
  }
  const database = pgError(error);
  // Data exceptions (class 22) come from values the client sent; a unique violation is a conflict.
  if (database?.code.startsWith('22')) return { status: 400, message: 'Une valeur envoyée est invalide (format ou longueur).' };
  if (database?.code === '23505') return { status: 409, message: 'Cet enregistrement existe déjà.' };
  // Class 53 (disk full, out of memory): nothing was written, the transaction rolled back.
  if (database?.code.startsWith('53')) return { status: 503, message: DISK_FULL };
  if ((database && /^(08|57P)/.test(database.code)) || databaseUnreachable(error)) return { status: 503, message: DATABASE_DOWN };
  // Busboy's parse errors (a truncated or malformed upload) carry no status: they are the client's.
  if (!error.statusCode && /multipart|boundary|part header/i.test(error.message)) {
    return { status: 400, message: 'Le formulaire envoyé est incomplet ou mal formé : recommencez l’envoi du fichier.' };
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return { status, message: FASTIFY_MESSAGES[error.code] ?? 'La requête est invalide.' };
  }
  return { status: 500, message: "Une erreur interne est survenue. Elle a été consignée ; réessayez ou contactez l'administrateur." };
}

export function sendError(request: FastifyRequest, reply: FastifyReply, status: number, message: string, field?: string) {
  reply.status(status);
  if (wantsJson(request)) return reply.type('application/json; charset=utf-8').send({ error: message, ...(field ? { field } : {}) });
  return reply.type('text/html; charset=utf-8').send(renderPage(<ErrorPage status={status} message={message} />));
}

/** The HTTP server: security headers, cookies, CSRF, errors in French, OpenAPI, static files, then the plugins. */
export async function buildServer(deps: ServerDeps, plugins: readonly Plugin[]): Promise<App> {
  const app = Fastify({
    logger: { level: deps.config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization', 'body.password'] },
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    routerOptions: { maxParamLength: 200 },
    // Extra fields are refused (400 naming them), not silently dropped.
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { status, message, field } = frenchMessage(error);
    if (status >= 500) request.log.error({ err: error }, 'erreur interne');
    if (status === 503) void reply.header('retry-after', '30');
    return sendError(request, reply, status, message, field);
  });
  app.setNotFoundHandler((request, reply) => sendError(request, reply, 404, "La page ou la ressource demandée n'existe pas."));

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: deps.config.secureCookies,
  });
  await app.register(cookie);
  await app.register(csrf, {
    cookieKey: '_csrf_secret',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'strict', secure: deps.config.secureCookies, signed: false },
    // Forms send _csrf in the body (multipart fields arrive as {value}); htmx and fetch send the header.
    getToken: (request) => {
      const field = (request.body as Record<string, unknown> | undefined)?._csrf;
      const value = typeof field === 'string' ? field : (field as { value?: unknown } | undefined)?.value;
      return typeof value === 'string' ? value : (request.headers['x-csrf-token'] as string | undefined);
    },
  });
  await app.register(formbody, { bodyLimit: 256 * 1024 });
  // Imports are small spreadsheets: one file, 5 MiB at most.
  await app.register(multipart, { attachFieldsToBody: true, limits: { fileSize: 5 * 1024 * 1024, files: 1, fields: 20, fieldSize: 64 * 1024 } });
  await app.register(fastifyStatic, { root: [STATIC_DIR, HTMX_DIR], prefix: '/static/', decorateReply: false, index: false, maxAge: '1h' });
  await app.register(swagger, {
    openapi: {
      info: { title: 'API Mutualis', version: '1', description: "API JSON de Mutualis. Authentification : jeton personnel (Authorization: Bearer …)." },
      components: { securitySchemes: { jeton: { type: 'http', scheme: 'bearer' } } },
      security: [{ jeton: [] }],
    },
  });
  // The site's CSP applies: swagger-ui's staticCSP adds upgrade-insecure-requests, which breaks it on a plain-HTTP host;
  // BaseLayout drops the top bar, whose logo carries an inline <style> the CSP refuses.
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list', layout: 'BaseLayout' } });

  app.addHook('preValidation', async (request) => {
    for (const [part, value] of [['params', request.params], ['querystring', request.query], ['body', request.body]] as const) {
      const field = nulByteField(value);
      if (field !== null) throw new UserError(`${WHERE_LABEL[part]} « ${field} » contient un caractère nul, refusé.`, 400, field);
    }
  });

  if (auditCheckEnabled()) {
    app.addHook('onRequest', async () => {
      auditedInRequest.enterWith({ calls: 0 });
    });
    app.addHook('onSend', async (request, reply, payload) => {
      const config = request.routeOptions.config as { notAudited?: string };
      if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(request.method) || reply.statusCode >= 400 || config.notAudited) return payload;
      if ((auditedInRequest.getStore()?.calls ?? 0) > 0) return payload;
      const answered = reply.statusCode;
      request.log.error(`${request.method} ${request.routeOptions.url} a réussi sans entrée d'audit`);
      reply.status(500).type('text/plain; charset=utf-8');
      return `Contrôle d'audit : ${request.method} ${request.routeOptions.url} a répondu ${answered} sans écrire d'entrée dans le journal d'audit.`;
    });
  }

  // Coercion reads "1e309" as Infinity, which an integer or number schema lets through: refused here, naming the field.
  app.addHook('preHandler', async (request) => {
    for (const [part, value] of [['params', request.params], ['querystring', request.query], ['body', request.body]] as const) {
      const field = nonFiniteField(value);
      if (field !== null) throw new UserError(`${WHERE_LABEL[part]} « ${field} » n'est pas un nombre fini.`, 400, field);
    }
  });

  const routes: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    // Impossible to add a route without deciding who may use it (docs/permissions.md).
    if (!(route.config as { access?: unknown } | undefined)?.access) {
      throw new Error(`La route ${String(route.method)} ${route.url} ne déclare pas qui peut l'appeler (config.access).`);
    }
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routes.push({ method, url: route.url, access: (route.config as { access?: string } | undefined)?.access ?? null, hidden: Boolean((route.schema as { hide?: boolean } | undefined)?.hide), schema: (route.schema ?? {}) as Record<string, unknown> });
    }
  });
  app.decorate('routeInventory', routes);
  for (const plugin of plugins) await plugin(app, deps);
  return app;
}
