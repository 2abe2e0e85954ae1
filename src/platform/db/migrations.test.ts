import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from './database.ts';

const ROOT = path.resolve(MIGRATIONS_FOLDER, '..');

describe('SQL migrations', () => {
  it('are what the tables.ts schemas describe (run `npm run db:generate` after a schema change)', () => {
    // drizzle-kit compares the schema with the last committed snapshot; it writes only when they differ.
    const out = path.join('tmp', `migration-drift-${process.pid}`);
    fs.rmSync(path.join(ROOT, out), { recursive: true, force: true });
    fs.cpSync(MIGRATIONS_FOLDER, path.join(ROOT, out), { recursive: true });
    try {
      const printed = execFileSync(path.join(ROOT, 'node_modules/.bin/drizzle-kit'), ['generate', '--dialect', 'postgresql', '--schema', './src/**/tables.ts', '--out', out], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      expect(printed).toContain('No schema changes');
      expect(fs.readdirSync(path.join(ROOT, out)).sort()).toEqual(fs.readdirSync(MIGRATIONS_FOLDER).sort());
    } finally {
      fs.rmSync(path.join(ROOT, out), { recursive: true, force: true });
    }
  }, 60_000);

  it('are listed in the journal in the order of their numbers', () => {
    const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as { entries: { idx: number; tag: string; when: number }[] };
    const files = fs.readdirSync(MIGRATIONS_FOLDER).filter((f) => f.endsWith('.sql')).map((f) => f.replace(/\.sql$/, ''));
    expect(journal.entries.map((e) => e.tag)).toEqual(files.sort());
    expect(journal.entries.map((e) => e.idx)).toEqual(journal.entries.map((_, i) => i));
    // The migrator applies an entry only when it is newer than the last applied one: times must increase.
    for (let i = 1; i < journal.entries.length; i++) expect(journal.entries[i]!.when).toBeGreaterThan(journal.entries[i - 1]!.when);
  });
});
