import { formatCents, formatDate, formatInteger } from '../format.ts';
import type { Cents } from '../money.ts';

/** What a column holds: text, an integer, an amount in cents (euros with 2 decimals), a calendar date (YYYY-MM-DD). */
export type ColumnKind = 'text' | 'integer' | 'cents' | 'date';

export type Cell = string | number | Cents | null;

export interface TableColumn {
  readonly header: string;
  readonly kind: ColumnKind;
  /** Width in print: 'fill' shares the remaining width (default for text), 'auto' fits the content. */
  readonly width?: 'fill' | 'auto';
}

/** A table described once, printed as PDF, CSV, XLSX or DOCX. */
export interface DocumentTable {
  /** Sheet name and title (XLSX, DOCX). */
  readonly title: string;
  readonly columns: readonly TableColumn[];
  readonly rows: readonly (readonly Cell[])[];
  /** A total line (its first cell usually says "Total"). */
  readonly footer?: readonly Cell[];
}

export interface ColumnOf<Row> extends TableColumn {
  readonly value: (row: Row) => Cell;
}

/** Builds a table from typed rows: `makeTable('Communes', [{ header: 'Nom', kind: 'text', value: (c) => c.name }], communes)`. */
export function makeTable<Row>(title: string, columns: readonly ColumnOf<Row>[], rows: readonly Row[], footer?: readonly Cell[]): DocumentTable {
  return {
    title,
    columns: columns.map(({ header, kind, width }) => ({ header, kind, ...(width ? { width } : {}) })),
    rows: rows.map((row) => columns.map((c) => c.value(row))),
    ...(footer ? { footer } : {}),
  };
}

/** A cell as a French reader reads it: "407 700", "1 234,56 €", "27/01/2020", "—" when empty. */
export function formatCell(kind: ColumnKind, cell: Cell): string {
  if (cell === null || cell === '') return '—';
  if (typeof cell === 'string') return kind === 'date' ? formatDate(cell) : cell;
  if (kind === 'cents') return formatCents(cell);
  if (kind === 'integer') return formatInteger(cell);
  return String(cell);
}

/** The table as Typst's `data-table` (official.typ) takes it: formatted strings only. */
export function tableForTypst(table: DocumentTable): unknown {
  const format = (cells: readonly Cell[], blank = '—') => cells.map((cell, i) => (cell === null ? blank : formatCell(table.columns[i]?.kind ?? 'text', cell)));
  return {
    columns: table.columns.map((c) => ({ header: c.header, align: c.kind === 'text' ? 'left' : 'right', width: c.width ?? (c.kind === 'text' ? 'fill' : 'auto') })),
    rows: table.rows.map((row) => format(row)),
    footer: table.footer ? format(table.footer, '') : null,
  };
}
