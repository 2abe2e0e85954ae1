// The documents engine: what every module uses to print (see docs/decisions/0004-documents.md).
export { renderPdf, templatePath, closePdfWorkers, type PdfOptions } from './pdf.ts';
export { makeTable, formatCell, tableForTypst, type DocumentTable, type TableColumn, type ColumnOf, type ColumnKind, type Cell } from './table.ts';
export { tableToCsv, tableToXlsx } from './spreadsheets.ts';
export { tableToDocx } from './word.ts';
export { renderChartSvg, renderBarChart, type RenderedChart, type BarChartSpec } from './charts.ts';
export { sendDocument, contentDisposition, fileSlug, DOCUMENT_TYPES, type DocumentType } from './http.ts';
export { FONT_FAMILY } from './fonts.ts';
