import { afterAll, beforeAll, expect, inject, onTestFinished, type TestContext } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { launchBrowser, watch, type PageProblems } from './browser.ts';
import { startServerFromTemplate, type RunningServer } from './server.ts';
import type { Account } from './accounts.ts';
import { LoginPage } from '../pages/login-page.ts';

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

export interface OpenOptions {
  /** Signed in as this demo account (through the login page, once per file, then reused). */
  readonly as?: Account;
  /** A session of its own, not shared with other tests (for a test that signs out). */
  readonly freshSession?: boolean;
  readonly viewport?: { width: number; height: number };
  readonly javaScriptEnabled?: boolean;
  /** The test's own context, for tests that run concurrently (vitest tracks only sequential tests globally). */
  readonly test?: TestContext;
}

export interface E2e {
  /** The server's address, e.g. http://127.0.0.1:41234. */
  readonly url: string;
  /** A new browser context (its own cookies) and its page, watched for CSP violations and script errors. */
  open(options?: OpenOptions): Promise<Page>;
  /** What the watch recorded so far for the page's context (a test of the watch itself may empty it). */
  problems(page: Page): string[];
}

/**
 * One real server (over a copy of the demo data) and one Chromium per test file. When a test ends, the
 * pages it opened are closed, and must have reported no CSP violation and no uncaught script error.
 */
export function useE2e(): E2e {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const sessions = new Map<Account, StorageState>();
  const watchedContexts = new WeakMap<BrowserContext, PageProblems>();

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServerFromTemplate(inject('e2eTemplateDir')), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const newContext = async (options: OpenOptions, storageState?: StorageState) => {
    const contextOptions: BrowserContextOptions = {
      baseURL: server!.url,
      locale: 'fr-FR',
      viewport: options.viewport ?? { width: 1280, height: 800 },
      javaScriptEnabled: options.javaScriptEnabled ?? true,
      ...(storageState ? { storageState } : {}),
    };
    const context = await browser!.newContext(contextOptions);
    // A missing element fails in seconds, not after Playwright's default 30 s.
    context.setDefaultTimeout(5_000);
    const watched: PageProblems = watch(context);
    watchedContexts.set(context, watched);
    (options.test?.onTestFinished ?? onTestFinished)(async () => {
      await context.close();
      (options.test?.expect ?? expect)(watched.problems, 'violations de la CSP ou erreurs de script dans la console').toEqual([]);
    });
    return context;
  };

  return {
    get url() {
      return server!.url;
    },
    async open(options = {}) {
      const account = options.as;
      const cached = account && !options.freshSession ? sessions.get(account) : undefined;
      const context = await newContext(options, cached);
      const page = await context.newPage();
      if (account && !cached) {
        await new LoginPage(page).loginAs(account);
        if (!options.freshSession) sessions.set(account, await context.storageState());
      }
      return page;
    },
    problems(page) {
      const watched = watchedContexts.get(page.context());
      if (!watched) throw new Error("Cette page n'a pas été ouverte par e2e.open().");
      return watched.problems;
    },
  };
}
