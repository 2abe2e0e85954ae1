import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The one typeface of every document (PDF and charts): Source Sans 3, SIL Open Font License 1.1, from the npm package `source-sans`. */
export const FONT_FAMILY = 'Source Sans 3';

const require = createRequire(import.meta.url);
const folder = join(dirname(require.resolve('source-sans/package.json')), 'TTF');

/** The font files given to Typst; no system font is ever used (same bytes on every machine). */
export const FONT_FILES: readonly string[] = ['Regular', 'It', 'Semibold', 'SemiboldIt', 'Bold', 'BoldIt'].map((style) => join(folder, `SourceSans3-${style}.ttf`));
