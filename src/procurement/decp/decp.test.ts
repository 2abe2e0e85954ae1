import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { DecpImportError, describeDecpProblem, readDecp } from './import.ts';
import { decpDocument, eurosOf, toDecpMarche } from './export.ts';
import { DECP_SCHEMA_PATH } from './schema.ts';
import type { Contract } from '../contract-model.ts';

const HERE = path.dirname(DECP_SCHEMA_PATH);
const EXAMPLE = fs.readFileSync(path.join(HERE, 'decp-example-marches.json'), 'utf8');

/** The official files of ../shared/reference/schemas, found from the repository up (a worktree sits deeper than main). */
function reference(name: string): string {
  for (let dir = path.resolve(HERE, '../../..'); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', 'reference', 'schemas', name);
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`${name} introuvable dans shared/reference/schemas au-dessus du dépôt`);
}

/** An independent validator of the official schema (not the one the importer uses). */
function officialValidator() {
  return new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(fs.readFileSync(reference('decp-2.0.3.schema.json'), 'utf8')) as object);
}

function problems(text: string): string[] {
  try {
    readDecp(text);
  } catch (error) {
    if (error instanceof DecpImportError) return error.problems.map(describeDecpProblem);
    throw error;
  }
  throw new Error('import accepté');
}

describe('DECP v2.0.3', () => {
  it('ships the official schema and example unchanged', () => {
    expect(fs.readFileSync(DECP_SCHEMA_PATH, 'utf8')).toBe(fs.readFileSync(reference('decp-2.0.3.schema.json'), 'utf8'));
    expect(EXAMPLE).toBe(fs.readFileSync(reference('decp-example-marches.json'), 'utf8'));
  });

  it('reads the official example, keeping what it publishes wrongly as published, with a remark naming line and field', () => {
    const { records, notices } = readDecp(EXAMPLE);
    expect(records.map((r) => [r.record, r.line, r.contract.reference, r.contract.amountCents, r.contract.buyerSiret])).toEqual([
      [1, 4, 'TEST2022', 57_500_000, '21750001630066'],
      [2, 114, 'TEST2022Bis', 57_500_000, '21750001630040'],
    ]);
    expect(records[0]!.modifications).toEqual([{ seq: 1, notifiedOn: '2022-10-18', publishedOn: '2022-10-20', durationMonths: 12, amountCents: 12_345_787, suppliers: [{ identifier: '868768687576575', identifierType: 'SIRET' }], object: null }]);
    expect(records[0]!.subcontracting[0]!.modifications).toEqual([{ seq: 1, durationMonths: 12, amountCents: 2_346_587, notifiedOn: '2022-10-20', publishedOn: '2022-12-15' }]);
    expect(notices.map(describeDecpProblem)[0]).toBe("Ligne 7, marché n° 1 (id TEST2022), champ « acheteur.id » : le SIRET de l'acheteur 21750001630066 a une clé de contrôle incorrecte ; il est repris tel que publié.");
  });

  it('writes back what it read: the re-export of the example is valid against the official schema and equal to it', () => {
    const { records } = readDecp(EXAMPLE);
    const contracts = records.map((r) => ({ ...r.contract, id: 'x', source: 'test', groupId: null, lotId: null, sharedDirection: null, buyerId: null, modifications: r.modifications, subcontracting: r.subcontracting }) as Contract);
    const document = decpDocument(contracts.map((c) => toDecpMarche(c, '2030-01-01')));
    const validate = officialValidator();
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    const original = JSON.parse(EXAMPLE) as { marches: { marche: Record<string, unknown>[] } };
    const sortKeys = (v: unknown): unknown => (Array.isArray(v) ? v.map(sortKeys) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sortKeys(x)])) : v);
    expect(sortKeys(document)).toEqual(sortKeys(original));
  });

  it('refuses a bad file with every problem, each with its line, record and field, in French', () => {
    const bad = JSON.parse(EXAMPLE) as { marches: { marche: Record<string, unknown>[] } };
    bad.marches.marche[0]!.codeCPV = '4500-7';
    bad.marches.marche[0]!.montant = -12;
    (bad.marches.marche[1]!.titulaires as { titulaire: { id: string } }[])[0]!.titulaire.id = '55204599900868';
    expect(problems(JSON.stringify(bad, null, 2))).toEqual([
      "Ligne 34, marché n° 1 (id TEST2022), champ « codeCPV » : code CPV mal formé : 8 chiffres, éventuellement suivis d'un tiret et de la clé (ex. 45233141-9).",
      'Ligne 112, marché n° 1 (id TEST2022), champ « montant » : montant négatif ou nul refusé : au moins 1 € HT.',
      'Ligne 161, marché n° 2 (id TEST2022Bis), champ « titulaires[0].titulaire.id » : Le SIRET « 55204599900868 » est invalide (clé de contrôle de Luhn incorrecte).',
    ]);
  });

  it('names unknown fields, missing fields and broken JSON', () => {
    const extra = JSON.parse(EXAMPLE) as { marches: { marche: Record<string, unknown>[] } };
    extra.marches.marche[1]!.denominationSociale = 'x';
    delete extra.marches.marche[1]!.ccag;
    expect(problems(JSON.stringify(extra))).toEqual([
      'Ligne 1, marché n° 2 (id TEST2022Bis), champ « ccag » : champ obligatoire absent.',
      'Ligne 1, marché n° 2 (id TEST2022Bis), champ « denominationSociale » : champ inconnu du format DECP 2.0.3 (le schéma n\'admet aucun champ supplémentaire).',
    ]);
    expect(problems('{\n  "marches": {\n    "marche": [ ,\n  }\n}')).toEqual(["Ligne 3 : le fichier n'est pas un JSON valide."]);
    expect(problems('{"marches": {"marche": []}}')).toEqual(['Ligne 1, champ « marches » : le fichier ne contient aucun marché.']);
  });

  it('converts cents and euros exactly', () => {
    expect([eurosOf(12_345_689), eurosOf(100), eurosOf(57_500_000)]).toEqual([123456.89, 1, 575000]);
  });
});
