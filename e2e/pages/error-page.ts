import type { Page } from 'playwright-core';
import { plain } from '../support/accounts.ts';

/** The page of a refused or unknown address (403, 404…). */
export class ErrorPage {
  constructor(readonly page: Page) {}

  get heading() {
    return this.page.getByRole('heading', { level: 1 });
  }
  get message() {
    return this.page.getByRole('alert');
  }

  /** Opens an address expected to fail; returns its HTTP status. */
  async open(path: string): Promise<number> {
    const response = await this.page.goto(path);
    return response?.status() ?? 0;
  }

  async messageText(): Promise<string> {
    return plain(await this.message.textContent());
  }
}
