import type { Locator, Page } from 'playwright-core';

/** Clicks something that loads a new document (a link, a form's button) and waits until that document has loaded. */
export async function clickAndLoad(page: Page, target: Locator): Promise<void> {
  await Promise.all([page.waitForEvent('load'), target.click()]);
}
