import { Type } from '@sinclair/typebox';
import { CsrfField, Field, FormAlert, type FormError } from '../../platform/http/forms.tsx';
import { Breadcrumb } from '../../platform/http/layout.tsx';
import { UserError } from '../../platform/http/errors.ts';
import type { Collectivity } from '../../territory/model.ts';
import type { ContractDraft } from '../contract-service.ts';
import * as v from '../decp-vocabulary.ts';
import { coordinatorSigns, type GroupMember, type Lot, type PurchasingGroup } from '../model.ts';
import { eurosField, integerField, many } from './ui.tsx';

const S = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const M = Type.Optional(Type.Union([Type.String({ maxLength: 120 }), Type.Array(Type.String({ maxLength: 120 }), { maxItems: 10 })]));

/** The contract form's fields, as the browser posts them (every one optional here: the service names what is missing). */
export const ContractFormBody = Type.Object({
  groupId: S(40),
  lotId: S(40),
  sharedDirection: S(250),
  buyerId: S(40),
  reference: S(40),
  object: S(1200),
  cpvCode: S(20),
  nature: S(60),
  procedure: S(80),
  techniques: M,
  executionMethods: M,
  frameworkAgreementId: S(40),
  innovative: S(5),
  ccag: S(80),
  offersReceived: S(10),
  advancePaid: S(5),
  advanceRate: S(10),
  operatorGrouping: S(40),
  subcontractingDeclared: S(5),
  placeCode: S(20),
  placeCodeType: S(40),
  durationMonths: S(10),
  notifiedOn: S(20),
  amountCents: S(30),
  priceForm: S(20),
  priceTypes: M,
  socialConsiderations: M,
  environmentalConsiderations: M,
  supplierIdentifier: S(40),
  supplierIdentifierType: S(20),
  supplierName: S(300),
  _csrf: S(200),
});
export type ContractForm = { [K in keyof typeof ContractFormBody.static]?: string | string[] | undefined };

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
const ratio = (value: string) => (value === '' ? null : value.replace(',', '.'));

/** The form as a draft for recordContract; malformed numbers are refused here, naming their field. */
export function draftOf(f: ContractForm): ContractDraft {
  const identifier = one(f.supplierIdentifier).replace(/\s/g, '');
  const amount = eurosField(one(f.amountCents), 'amountCents', 'montant HT');
  if (amount === null) throw new UserError('Le champ « montant HT » est obligatoire (montant forfaitaire ou maximum estimé).', 400, 'amountCents');
  return {
    groupId: one(f.groupId) || null,
    lotId: one(f.lotId) || null,
    sharedDirection: one(f.sharedDirection) || null,
    buyerId: one(f.buyerId) || null,
    reference: one(f.reference),
    object: one(f.object),
    cpvCode: one(f.cpvCode),
    nature: one(f.nature) as ContractDraft['nature'],
    procedure: one(f.procedure) as ContractDraft['procedure'],
    techniques: many(f.techniques) as ContractDraft['techniques'],
    executionMethods: many(f.executionMethods) as ContractDraft['executionMethods'],
    frameworkAgreementId: one(f.frameworkAgreementId) || null,
    innovative: one(f.innovative) === 'oui',
    ccag: one(f.ccag) as ContractDraft['ccag'],
    offersReceived: integerField(one(f.offersReceived), 'offersReceived', 'offres reçues') ?? 0,
    advancePaid: one(f.advancePaid) === 'oui',
    advanceRate: ratio(one(f.advanceRate)),
    operatorGrouping: one(f.operatorGrouping) as ContractDraft['operatorGrouping'],
    subcontractingDeclared: one(f.subcontractingDeclared) === 'oui',
    placeCode: one(f.placeCode),
    placeCodeType: one(f.placeCodeType) as ContractDraft['placeCodeType'],
    durationMonths: integerField(one(f.durationMonths), 'durationMonths', 'durée') ?? 0,
    notifiedOn: one(f.notifiedOn),
    dataPublishedOn: null,
    amountCents: amount,
    priceForm: one(f.priceForm) as ContractDraft['priceForm'],
    priceTypes: many(f.priceTypes) as ContractDraft['priceTypes'],
    originEu: null,
    originFrance: null,
    socialConsiderations: many(f.socialConsiderations) as ContractDraft['socialConsiderations'],
    environmentalConsiderations: many(f.environmentalConsiderations) as ContractDraft['environmentalConsiderations'],
    suppliers: identifier ? [{ identifier, identifierType: (one(f.supplierIdentifierType) || 'SIRET') as v.IdentifierType, name: one(f.supplierName) || null }] : [],
  };
}

export interface FormContext {
  readonly base: string;
  readonly register: readonly Collectivity[];
  readonly group: PurchasingGroup | null;
  readonly members: readonly GroupMember[];
  readonly lots: readonly Lot[];
  readonly error: FormError | null;
  readonly values: ContractForm;
}

const DEFAULTS: ContractForm = {
  nature: 'Marché',
  procedure: 'Procédure adaptée',
  techniques: ['Sans objet'],
  executionMethods: ['Sans objet'],
  ccag: 'Fournitures courantes et services',
  operatorGrouping: 'Pas de groupement',
  placeCodeType: 'Code commune',
  priceForm: 'Unitaire',
  priceTypes: ['Définitif révisable'],
  socialConsiderations: ['Pas de considération sociale'],
  environmentalConsiderations: ['Pas de considération environnementale'],
  offersReceived: '1',
  supplierIdentifierType: 'SIRET',
};

/** Every DECP v2 field of a contract, with the official vocabularies; the buyer follows the group's agreement. */
export function ContractFormPage(props: FormContext) {
  const values = { ...DEFAULTS, ...props.values };
  const get = (k: keyof ContractForm) => one(values[k]);
  const chosen = (k: keyof ContractForm) => new Set(many(values[k]));
  const error = props.error;
  const choice = (name: keyof ContractForm, label: string, options: readonly string[], hint?: string) => (
    <Field id={name} name={name} label={label} error={error} {...(hint ? { hint } : {})}>
      <select id={name} name={name}>
        {options.map((o) => (
          <option value={o} selected={get(name) === o}>
            {o}
          </option>
        ))}
      </select>
    </Field>
  );
  const checks = (name: keyof ContractForm, legend: string, options: readonly string[]) => (
    <fieldset class="field">
      <legend>{legend}</legend>
      {error?.field === name ? <p class="error">{error.message}</p> : null}
      {options.map((o) => (
        <label class="check">
          <input type="checkbox" name={name} value={o} checked={chosen(name).has(o)} /> {o}
        </label>
      ))}
    </fieldset>
  );
  const yesNo = (name: keyof ContractForm, label: string) => (
    <label class="check">
      <input type="checkbox" name={name} value="oui" checked={get(name) === 'oui'} /> {label}
    </label>
  );
  const g = props.group;
  const buyers = g ? (coordinatorSigns(g.coordinatorMission) ? props.members.filter((m) => m.collectivityId === g.coordinatorId) : props.members).map((m) => ({ id: m.collectivityId, name: m.name })) : props.register.map((c) => ({ id: c.id, name: c.name }));
  const allFields = Object.keys(ContractFormBody.properties);
  return (
    <section>
      <Breadcrumb trail={[{ href: `${props.base}/achats`, label: 'Groupements de commandes' }, ...(g ? [{ href: `${props.base}/achats/groupements/${g.id}`, label: `Groupement ${g.reference}` }] : [{ href: `${props.base}/achats/marches`, label: 'Marchés' }])]} />
      <h1>{g ? `Nouveau marché du groupement ${g.reference}` : 'Nouveau marché'}</h1>
      <p class="prose">Les champs suivent le format des données essentielles de la commande publique (DECP 2.0.3) : le marché pourra être publié tel quel.</p>
      <form method="post" action={`${props.base}/achats/marches`} class="stacked prose" aria-label="Nouveau marché">
        <CsrfField />
        <FormAlert error={error} fields={allFields} />
        {g ? <input type="hidden" name="groupId" value={g.id} /> : null}
        {g && props.lots.length > 0 ? (
          <Field id="lotId" name="lotId" label="Lot" error={error}>
            <select id="lotId" name="lotId">
              <option value="">Tous les lots (marché unique)</option>
              {props.lots.map((l) => (
                <option value={l.id} selected={get('lotId') === l.id}>{`Lot ${l.number} : ${l.title}`}</option>
              ))}
            </select>
          </Field>
        ) : null}
        {!g ? <Field id="sharedDirection" name="sharedDirection" label="Direction mutualisée (si elle passe le marché seule)" value={get('sharedDirection')} error={error} /> : null}
        <Field id="buyerId" name="buyerId" label="Acheteur (signataire)" hint={g ? (coordinatorSigns(g.coordinatorMission) ? 'Le coordonnateur signe pour tous les membres.' : 'Chaque membre signe son propre marché.') : undefined} error={error}>
          <select id="buyerId" name="buyerId">
            {buyers.map((b) => (
              <option value={b.id} selected={get('buyerId') === b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="reference" name="reference" label="Numéro du marché (identifiant DECP, 16 caractères au plus)" required value={get('reference')} error={error} />
        <Field id="object" name="object" label="Objet" required value={get('object')} error={error} />
        <Field id="cpvCode" name="cpvCode" label="Code CPV" hint="8 chiffres, éventuellement suivis de la clé : 30197630-1." required value={get('cpvCode')} error={error} />
        {choice('nature', 'Nature', v.NATURES)}
        {choice('procedure', 'Procédure', v.PROCEDURES)}
        {checks('techniques', "Techniques d'achat", v.TECHNIQUES)}
        {checks('executionMethods', "Modalités d'exécution", v.EXECUTION_METHODS)}
        <Field id="frameworkAgreementId" name="frameworkAgreementId" label="Identifiant de l'accord-cadre (marché subséquent)" value={get('frameworkAgreementId')} error={error} />
        {choice('ccag', 'CCAG de référence', v.CCAGS)}
        <Field id="offersReceived" name="offersReceived" label="Nombre d'offres reçues" inputmode="numeric" required value={get('offersReceived')} error={error} />
        <Field id="notifiedOn" name="notifiedOn" label="Date de notification" type="date" required value={get('notifiedOn')} error={error} />
        <Field id="durationMonths" name="durationMonths" label="Durée (mois, reconductions comprises)" inputmode="numeric" required value={get('durationMonths')} error={error} />
        <Field id="amountCents" name="amountCents" label="Montant HT (forfaitaire ou maximum estimé, euros)" inputmode="decimal" required value={get('amountCents')} error={error} />
        {choice('priceForm', 'Forme du prix', v.PRICE_FORMS)}
        {checks('priceTypes', 'Types de prix', v.PRICE_TYPES)}
        <Field id="placeCode" name="placeCode" label="Lieu d'exécution (code)" hint="Code commune INSEE de préférence, ex. 42218." required value={get('placeCode')} error={error} />
        {choice('placeCodeType', 'Type de code du lieu', v.PLACE_CODE_TYPES)}
        {choice('operatorGrouping', "Groupement d'opérateurs économiques", v.OPERATOR_GROUPINGS)}
        <Field id="supplierName" name="supplierName" label="Titulaire : raison sociale" value={get('supplierName')} error={error} />
        <Field id="supplierIdentifier" name="supplierIdentifier" label="Titulaire : identifiant (SIRET, 14 chiffres)" inputmode="numeric" required value={get('supplierIdentifier')} error={error} />
        {choice('supplierIdentifierType', "Type d'identifiant du titulaire", v.IDENTIFIER_TYPES)}
        {checks('socialConsiderations', 'Considérations sociales', v.SOCIAL_CONSIDERATIONS)}
        {checks('environmentalConsiderations', 'Considérations environnementales', v.ENVIRONMENTAL_CONSIDERATIONS)}
        <fieldset class="field">
          <legend>Autres indications</legend>
          {yesNo('innovative', 'Marché innovant')}
          {yesNo('advancePaid', 'Une avance a été attribuée')}
          {yesNo('subcontractingDeclared', 'Sous-traitance déclarée à la notification')}
        </fieldset>
        <Field id="advanceRate" name="advanceRate" label="Taux de l'avance (part entre 0 et 1, ex. 0,05)" inputmode="decimal" value={get('advanceRate')} error={error} />
        <button type="submit">Enregistrer le marché</button>
      </form>
    </section>
  );
}

/** The service names a contract's fields; the form's inputs carry some of them under another name. */
export function formFieldOf(field: string | undefined): string | undefined {
  if (field === undefined) return undefined;
  if (field === 'suppliers' || /^suppliers\.\d+\.identifier$/.test(field)) return 'supplierIdentifier';
  if (/^suppliers\.\d+\.name$/.test(field)) return 'supplierName';
  if (field === 'buyerSiret') return 'buyerId';
  return field;
}
