// Deliberations: yearly numbering, ACTES classification and @ctes identifier, legality-control dates, annexes.
// Pure rules only (no database, framework or clock).
import type { ItemResult } from '../assemblies/model.ts';

export type Outcome = ItemResult;
export const OUTCOME_LABELS: Record<Outcome, string> = { adopted: 'Adoptée', rejected: 'Rejetée', noted: 'Prend acte' };

// --- Numbering -------------------------------------------------------------------------------------------

/** The default pattern: the year, a dot, the rank in the year on five digits (2020.00079). */
export const DEFAULT_NUMBER_PATTERN = '{AAAA}.{NNNNN}';

const PATTERN_TOKEN = /\{(AAAA|AA|N+)\}/g;

/** Why a numbering pattern is refused, or null: one year token, one rank token, otherwise letters, digits and . _ - / */
export function numberPatternProblem(pattern: string): string | null {
  const tokens = [...pattern.matchAll(PATTERN_TOKEN)].map((m) => m[1]!);
  const rest = pattern.replace(PATTERN_TOKEN, '');
  if (pattern.length === 0 || pattern.length > 40) return 'Le modèle de numérotation doit contenir entre 1 et 40 caractères.';
  if (tokens.filter((t) => t === 'AAAA' || t === 'AA').length !== 1) return 'Le modèle de numérotation doit contenir une fois l’année : {AAAA} ou {AA}.';
  if (tokens.filter((t) => t.startsWith('N')).length !== 1) return 'Le modèle de numérotation doit contenir une fois le rang dans l’année : {NNNNN} (autant de N que de chiffres).';
  if (!/^[A-Za-z0-9._\-/]*$/.test(rest)) return 'Le modèle de numérotation ne peut contenir, hors {AAAA} et {NNNNN}, que des lettres, des chiffres et les signes . _ - /';
  return null;
}

/** "{AAAA}.{NNNNN}", 2020, 79 → "2020.00079". */
export function formatNumber(pattern: string, year: number, seq: number): string {
  return pattern.replace(PATTERN_TOKEN, (_, token: string) => {
    if (token === 'AAAA') return String(year);
    if (token === 'AA') return String(year % 100).padStart(2, '0');
    return String(seq).padStart(token.length, '0');
  });
}

/** The year and rank a number stands for under the pattern, or null when it does not follow it. */
export function parseNumber(pattern: string, number: string): { year: number; seq: number } | null {
  const escaped = pattern.split(PATTERN_TOKEN);
  let source = '^';
  const order: string[] = [];
  escaped.forEach((part, i) => {
    if (i % 2 === 0) source += part.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    else {
      order.push(part);
      source += part === 'AAAA' ? '(\\d{4})' : part === 'AA' ? '(\\d{2})' : `(\\d{${part.length},})`;
    }
  });
  const match = new RegExp(`${source}$`).exec(number.trim());
  if (!match) return null;
  let year = 0;
  let seq = 0;
  order.forEach((token, i) => {
    const value = Number(match[i + 1]);
    if (token === 'AAAA') year = value;
    else if (token === 'AA') year = 2000 + value;
    else seq = value;
  });
  return seq > 0 ? { year, seq } : null;
}

// --- ACTES classification (nomenclature of the @ctes programme, levels 1 and 2) ----------------------------

export const MATTERS: readonly { code: string; label: string }[] = [
  { code: '1.1', label: 'Marchés publics' },
  { code: '1.2', label: 'Délégation de service public' },
  { code: '1.3', label: 'Conventions de mandat' },
  { code: '1.4', label: 'Autres types de contrats' },
  { code: '1.5', label: 'Transactions (protocole d’accord transactionnel)' },
  { code: '1.6', label: 'Maîtrise d’œuvre' },
  { code: '1.7', label: 'Actes spéciaux et divers' },
  { code: '2.1', label: 'Documents d’urbanisme' },
  { code: '2.2', label: 'Actes relatifs au droit d’occupation ou d’utilisation des sols' },
  { code: '2.3', label: 'Droit de préemption urbain' },
  { code: '3.1', label: 'Acquisitions' },
  { code: '3.2', label: 'Aliénations' },
  { code: '3.3', label: 'Locations' },
  { code: '3.4', label: 'Limites territoriales' },
  { code: '3.5', label: 'Autres actes de gestion du domaine public' },
  { code: '3.6', label: 'Autres actes de gestion du domaine privé' },
  { code: '4.1', label: 'Personnels titulaires et stagiaires de la fonction publique territoriale' },
  { code: '4.2', label: 'Personnels contractuels' },
  { code: '4.3', label: 'Fonction publique hospitalière' },
  { code: '4.4', label: 'Autres catégories de personnels' },
  { code: '4.5', label: 'Régime indemnitaire' },
  { code: '5.1', label: 'Élection exécutif' },
  { code: '5.2', label: 'Fonctionnement des assemblées' },
  { code: '5.3', label: 'Désignation de représentants' },
  { code: '5.4', label: 'Délégation de fonctions' },
  { code: '5.5', label: 'Délégation de signature' },
  { code: '5.6', label: 'Exercice des mandats locaux' },
  { code: '5.7', label: 'Intercommunalité' },
  { code: '5.8', label: 'Décision d’ester en justice' },
  { code: '6.1', label: 'Police municipale' },
  { code: '6.4', label: 'Autres actes réglementaires' },
  { code: '6.5', label: 'Actes pris au nom de l’État' },
  { code: '7.1', label: 'Décisions budgétaires' },
  { code: '7.2', label: 'Fiscalité' },
  { code: '7.3', label: 'Emprunts' },
  { code: '7.4', label: 'Interventions économiques' },
  { code: '7.5', label: 'Subventions' },
  { code: '7.6', label: 'Contributions budgétaires' },
  { code: '7.7', label: 'Avances' },
  { code: '7.8', label: 'Fonds de concours' },
  { code: '7.9', label: 'Prise de participation' },
  { code: '7.10', label: 'Divers' },
  { code: '8.1', label: 'Enseignement' },
  { code: '8.2', label: 'Aide sociale' },
  { code: '8.3', label: 'Voirie' },
  { code: '8.4', label: 'Aménagement du territoire' },
  { code: '8.5', label: 'Politique de la ville, habitat, logement' },
  { code: '8.6', label: 'Emploi, formation professionnelle' },
  { code: '8.7', label: 'Transports' },
  { code: '8.8', label: 'Environnement' },
  { code: '8.9', label: 'Culture' },
  { code: '9.1', label: 'Autres domaines de compétences des communes' },
  { code: '9.4', label: 'Vœux et motions' },
];

export const MATTER_FAMILIES: Record<string, string> = {
  '1': 'Commande publique',
  '2': 'Urbanisme',
  '3': 'Domaine et patrimoine',
  '4': 'Fonction publique',
  '5': 'Institutions et vie politique',
  '6': 'Libertés publiques et pouvoirs de police',
  '7': 'Finances locales',
  '8': 'Domaines de compétences par thèmes',
  '9': 'Autres domaines de compétences',
};

export function matterLabel(code: string): string | null {
  return MATTERS.find((m) => m.code === code)?.label ?? null;
}

/** "5.7 Intercommunalité (Institutions et vie politique)". */
export function matterText(code: string): string {
  return `${code} ${matterLabel(code) ?? ''} (${MATTER_FAMILIES[code.split('.')[0]!] ?? ''})`;
}

// --- @ctes identifier ----------------------------------------------------------------------------------------

export const ACT_NATURES = ['DE', 'AR', 'AI', 'CC', 'BF', 'AU'] as const;
export type ActNature = (typeof ACT_NATURES)[number];

/** The department on 3 characters, as @ctes writes it: "42" → "042", "2A" → "02A", "971" → "971". */
export function actesDepartment(code: string): string {
  return code.padStart(3, '0');
}

/** The internal number in the characters @ctes allows (letters, digits, _): "2020.00079" → "2020_00079". */
export function actesNumber(number: string): string {
  return number.replace(/[^A-Za-z0-9_]/g, '_');
}

export interface ActesParts {
  readonly department: string;
  readonly siren: string;
  /** YYYY-MM-DD */
  readonly decisionDate: string;
  readonly number: string;
  readonly nature: ActNature;
}

/** DDD-SIREN-YYYYMMDD-NUMBER-NN, e.g. 042-244200770-20200127-2020_00079-DE. */
export function buildActesId(parts: Omit<ActesParts, 'number'> & { number: string }): string {
  return [actesDepartment(parts.department), parts.siren, parts.decisionDate.replaceAll('-', ''), actesNumber(parts.number), parts.nature].join('-');
}

const ACTES_ID = /^(\d{2}[\dAB])-(\d{9})-(\d{4})(\d{2})(\d{2})-([A-Za-z0-9_]{1,15})-(DE|AR|AI|CC|BF|AU)$/;

export function parseActesId(id: string): ActesParts | null {
  const m = ACTES_ID.exec(id.trim());
  if (!m) return null;
  return { department: m[1]!, siren: m[2]!, decisionDate: `${m[3]}-${m[4]}-${m[5]}`, number: m[6]!, nature: m[7] as ActNature };
}

/** Why an @ctes identifier cannot be this deliberation's, naming the part that contradicts it; null when it fits. */
export function actesIdProblem(id: string, expected: Omit<ActesParts, 'nature'>): string | null {
  const parts = parseActesId(id);
  if (!parts) return 'Le champ « identifiant @ctes » doit suivre la forme DDD-SIREN-AAAAMMJJ-NUMERO-NN (ex. 042-244200770-20200127-2020_00079-DE).';
  if (parts.department !== actesDepartment(expected.department)) return `L’identifiant @ctes porte le département ${parts.department}, celui de la collectivité est ${actesDepartment(expected.department)}.`;
  if (parts.siren !== expected.siren) return `L’identifiant @ctes porte le SIREN ${parts.siren}, celui de la collectivité est ${expected.siren}.`;
  if (parts.decisionDate !== expected.decisionDate) return `L’identifiant @ctes porte la date du ${frenchDate(parts.decisionDate)}, la délibération est du ${frenchDate(expected.decisionDate)}.`;
  if (parts.number !== actesNumber(expected.number)) return `L’identifiant @ctes porte le numéro ${parts.number}, celui de la délibération est ${actesNumber(expected.number)}.`;
  if (parts.nature !== 'DE') return `L’identifiant @ctes porte la nature ${parts.nature} ; une délibération est de nature DE.`;
  return null;
}

const frenchDate = (iso: string) => iso.split('-').reverse().join('/');

// --- Legality control and publication --------------------------------------------------------------------

export interface LegalityDates {
  readonly adoptedOn: string;
  readonly transmittedOn: string | null;
  readonly acknowledgedOn: string | null;
  readonly publishedOn: string | null;
}

/** The first date that contradicts another, with its field; null when they agree. */
export function legalityDatesProblem(d: LegalityDates): { field: string; message: string } | null {
  if (d.transmittedOn && d.transmittedOn < d.adoptedOn) return { field: 'transmittedOn', message: `Le champ « date de transmission » (${frenchDate(d.transmittedOn)}) précède l’adoption de la délibération (${frenchDate(d.adoptedOn)}).` };
  if (d.acknowledgedOn && !d.transmittedOn) return { field: 'acknowledgedOn', message: 'Le champ « accusé de réception » suppose une transmission : indiquez d’abord sa date.' };
  if (d.acknowledgedOn && d.transmittedOn && d.acknowledgedOn < d.transmittedOn) return { field: 'acknowledgedOn', message: `Le champ « accusé de réception » (${frenchDate(d.acknowledgedOn)}) précède la transmission (${frenchDate(d.transmittedOn)}).` };
  if (d.publishedOn && d.publishedOn < d.adoptedOn) return { field: 'publishedOn', message: `Le champ « date de publication » (${frenchDate(d.publishedOn)}) précède l’adoption de la délibération (${frenchDate(d.adoptedOn)}).` };
  return null;
}

/** Enforceable once published and received at the préfecture, on the later of the two dates (CGCT L2131-1). */
export function enforceableOn(d: LegalityDates): string | null {
  if (!d.publishedOn || !d.acknowledgedOn) return null;
  return d.publishedOn > d.acknowledgedOn ? d.publishedOn : d.acknowledgedOn;
}

// --- Annexes ---------------------------------------------------------------------------------------------------

/** An annex is stored in the database: 5 MiB at most (the upload limit of the server). */
export const MAX_ANNEX_BYTES = 5 * 1024 * 1024;

export const ANNEX_TYPES: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
  txt: 'text/plain',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
};

/** The media type of an annex from its name and first bytes, or a French message saying why it is refused. */
export function annexType(filename: string, bytes: Uint8Array): { mediaType: string } | { problem: string } {
  const name = filename.trim();
  if (!name || name.length > 200 || /[\\/]/.test(name) || [...name].some((c) => c.charCodeAt(0) < 32)) return { problem: 'Le champ « fichier » doit avoir un nom de 1 à 200 caractères, sans chemin.' };
  const ext = name.includes('.') ? name.split('.').pop()!.toLowerCase() : '';
  const mediaType = ANNEX_TYPES[ext];
  if (!mediaType) return { problem: `Le champ « fichier » : le type .${ext || '?'} n’est pas accepté (PDF, ODT, ODS, DOCX, XLSX, CSV, TXT, PNG, JPEG).` };
  if (bytes.length === 0) return { problem: 'Le champ « fichier » : le fichier est vide.' };
  if (bytes.length > MAX_ANNEX_BYTES) return { problem: 'Le champ « fichier » : le fichier dépasse 5 Mo.' };
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  const magicOk =
    ext === 'pdf' ? starts(0x25, 0x50, 0x44, 0x46) : ['odt', 'ods', 'docx', 'xlsx'].includes(ext) ? starts(0x50, 0x4b) : ext === 'png' ? starts(0x89, 0x50, 0x4e, 0x47) : ext === 'jpg' || ext === 'jpeg' ? starts(0xff, 0xd8) : true;
  if (!magicOk) return { problem: `Le champ « fichier » : son contenu n’est pas celui d’un fichier .${ext}.` };
  return { mediaType };
}

// --- Texts -----------------------------------------------------------------------------------------------------

export interface DeliberationTexts {
  readonly title: string;
  readonly matterCode: string;
  readonly recitals: string;
  readonly decision: string;
  readonly debates: string | null;
}

const LIMITS = { title: [1, 500, 'titre'], recitals: [0, 20_000, 'exposé des motifs'], decision: [1, 50_000, 'dispositif'], debates: [0, 50_000, 'résumé des débats'] } as const;

/** The texts of a deliberation, trimmed, or the first French message naming the field that is wrong. */
export function checkTexts(input: { title?: string | null; matterCode?: string | null; recitals?: string | null; decision?: string | null; debates?: string | null }): DeliberationTexts | { field: string; message: string } {
  const out: Record<string, string> = {};
  for (const [field, [min, max, label]] of Object.entries(LIMITS)) {
    const value = (input[field as keyof typeof LIMITS] ?? '').trim();
    if (value.length < min || value.length > max) return { field, message: min > 0 ? `Le champ « ${label} » doit contenir entre ${min} et ${max.toLocaleString('fr-FR')} caractères.` : `Le champ « ${label} » doit contenir au plus ${max.toLocaleString('fr-FR')} caractères.` };
    out[field] = value;
  }
  const matterCode = (input.matterCode ?? '').trim();
  if (!matterLabel(matterCode)) return { field: 'matterCode', message: 'Le champ « matière » doit être un code de la nomenclature ACTES (ex. 5.7 Intercommunalité).' };
  return { title: out.title!, matterCode, recitals: out.recitals!, decision: out.decision!, debates: out.debates || null };
}
