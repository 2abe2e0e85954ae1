/**
 * The DECP v2.0.3 vocabularies (schema 139bercy/format-commande-publique, marches.json), kept as the official
 * values themselves: they are what the open data says and what an import reads back.
 */
export const NATURES = ['Marché', 'Marché de partenariat', 'Marché de défense ou de sécurité'] as const;
export const PROCEDURES = [
  'Procédure adaptée',
  "Appel d'offres ouvert",
  "Appel d'offres restreint",
  'Procédure avec négociation',
  'Marché passé sans publicité ni mise en concurrence préalable',
  'Dialogue compétitif',
] as const;
export const TECHNIQUES = ['Accord-cadre', 'Concours', 'Système de qualification', "Système d'acquisition dynamique", 'Catalogue électronique', 'Enchère électronique', 'Sans objet'] as const;
export const EXECUTION_METHODS = ['Tranches', 'Bons de commande', 'Marchés subséquents', 'Sans objet'] as const;
export const CCAGS = [
  'Travaux',
  "Maitrise d'œuvre",
  'Fournitures courantes et services',
  'Marchés industriels',
  'Prestations intellectuelles',
  "Techniques de l'information et de la communication",
  'Pas de CCAG',
] as const;
export const OPERATOR_GROUPINGS = ['Conjoint', 'Solidaire', 'Pas de groupement'] as const;
export const PRICE_FORMS = ['Unitaire', 'Forfaitaire', 'Mixte'] as const;
export const PRICE_TYPES = ['Définitif ferme', 'Définitif actualisable', 'Définitif révisable', 'Provisoire'] as const;
export const SOCIAL_CONSIDERATIONS = ['Clause sociale', 'Critère social', 'Marché réservé', 'Pas de considération sociale'] as const;
export const ENVIRONMENTAL_CONSIDERATIONS = ['Clause environnementale', 'Critère environnemental', 'Pas de considération environnementale'] as const;
export const PLACE_CODE_TYPES = ['Code postal', 'Code commune', 'Code arrondissement', 'Code canton', 'Code département', 'Code région', 'Code pays'] as const;
export const IDENTIFIER_TYPES = ['SIRET', 'TVA', 'TAHITI', 'RIDET', 'FRWF', 'IREP', 'HORS-UE'] as const;
export const PRICE_VARIATIONS = ['Ferme', 'Actualisable', 'Révisable'] as const;

export type Nature = (typeof NATURES)[number];
export type Procedure = (typeof PROCEDURES)[number];
export type Technique = (typeof TECHNIQUES)[number];
export type ExecutionMethod = (typeof EXECUTION_METHODS)[number];
export type Ccag = (typeof CCAGS)[number];
export type OperatorGrouping = (typeof OPERATOR_GROUPINGS)[number];
export type PriceForm = (typeof PRICE_FORMS)[number];
export type PriceType = (typeof PRICE_TYPES)[number];
export type SocialConsideration = (typeof SOCIAL_CONSIDERATIONS)[number];
export type EnvironmentalConsideration = (typeof ENVIRONMENTAL_CONSIDERATIONS)[number];
export type PlaceCodeType = (typeof PLACE_CODE_TYPES)[number];
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];
export type PriceVariation = (typeof PRICE_VARIATIONS)[number];
