import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { ROOT } from './server.ts';

/** Debian's Chromium: the tests never download a browser. */
export const CHROMIUM = '/usr/bin/chromium';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** What went wrong in a page that no assertion looks at: CSP violations and uncaught script errors. */
export interface PageProblems {
  readonly problems: string[];
}

/** Watches a context's pages: every CSP violation or uncaught error reported in the console is recorded. */
export function watch(context: BrowserContext): PageProblems {
  const problems: string[] = [];
  const attach = (page: Page) => {
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) problems.push(`${page.url()} : ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`${page.url()} : erreur de script : ${error.message}`));
  };
  context.pages().forEach(attach);
  context.on('page', attach);
  return { problems };
}

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe-core's WCAG 2.1 A and AA violations of the page, one readable line each (empty when clean). */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return result.violations.map((v) => `${page.url()} — ${v.id} (${v.impact ?? ''}) : ${v.help} → ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

/** True when the page is wider than the viewport (a horizontal scroll bar on a phone). */
export function overflowsHorizontally(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

export const SCREENSHOT_DIR = path.join(ROOT, 'tmp', 'e2e');

/** A full-page screenshot in tmp/e2e (ignored by git), to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

export type ContextOptions = BrowserContextOptions;
