// The demo's conseil métropolitain: the sitting of 27 January 2020 exactly as the extract of the register
// (../shared/reference/rapport-mutualisation-2020.txt, deliberation 2020.00079) lists it.
// Names as "civility|first name|LAST NAME", in the reference's order.

/** The 84 members present. */
export const PRESENT: readonly string[] = [
  'M.|Gilles|ARTIGUES', 'Mme|Nicole|AUBOURDY', 'M.|Eric|BARGAIN', 'M.|Jean-François|BARNIER',
  'M.|Denis|BARRIOL', 'M.|Jean-Pierre|BERGER', 'M.|Eric|BERLIVET', 'Mme|Nora|BERROUKECHE',
  'M.|Bernard|BONNET', 'M.|Henri|BOUTHEON', 'M.|Régis|CADEGROS', 'Mme|Stéphanie|CALACIURA',
  'M.|Paul|CELLE', 'M.|André|CHARBONNIER', 'M.|Jean-Yves|CHARBONNIER', 'Mme|Emmanuelle|CHAROLLAIS-CHEYTION',
  'M.|Jean-Claude|CHARVIN', 'M.|Marc|CHASSAUBENE', 'M.|Marc|CHAVANNE', 'Mme|Viviane|COGNASSE',
  'M.|Jean-Noël|CORNUT', 'M.|Paul|CORRIERAS', 'M.|Charles|DALLARA', 'M.|Jean-Luc|DEGRAIX',
  'M.|Gilles|ESTABLE', 'M.|Marc|FAURE', 'M.|Bernard|FAUVEL', 'Mme|Annick|FAY',
  'Mme|Sylvie|FAYOLLE', 'M.|Jean-Claude|FLACHAT', 'Mme|Andonella|FLECHET', 'Mme|Nicole|FOREST',
  'M.|Guy|FRANCON', 'M.|André|FRIEDENBERG', 'M.|Michel|GANDILHON', 'M.|Pascal|GONON',
  'Mme|Ramona|GONZALEZ GRAIL', 'M.|Roland|GOUJON', 'Mme|Annie|GREGOIRE', 'M.|Rémy|GUYOT',
  'M.|Daniel|JACQUEMET', 'Mme|Christiane|JODAR', 'Mme|Laurence|JUBAN', 'M.|Christian|JULIEN',
  'Mme|Delphine|JUSSELME', 'M.|Robert|KARULAK', 'Mme|Siham|LABICH', 'M.|Bernard|LAGET',
  'M.|Yves|LECOCQ', 'M.|Claude|LIOGIER', 'M.|Olivier|LONGEON', 'M.|Julien|LUYA',
  'M.|Pascal|MAJONCHI', 'M.|Gérard|MANET', 'Mme|Brigitte|MASSON', 'Mme|Stéphanie|MOREAU',
  'Mme|Michèle|NIEBUDKOWSKI', 'M.|Yves|PARTRAT', 'M.|Jean-Michel|PAUZE', 'M.|Gilles|PERACHE',
  'M.|Gaël|PERDRIAU', 'Mme|Fabienne|PERRIN', 'M.|Marc|PETIT', 'M.|Jean-Philippe|PORCHEROT',
  'M.|Hervé|REYNAUD', 'Mme|Alexandra|RIBEIRO CUSTODIO', 'M.|Jean-Paul|RIVAT', 'M.|Marc|ROSIER',
  'M.|Jean-Louis|ROUSSET', 'M.|Jean-Marc|SARDAT', 'M.|Alain|SCHNEIDER', 'Mme|Nadia|SEMACHE',
  'M.|Joseph|SOTTON', 'M.|Gilbert|SOULIER', 'M.|Jean-Marc|THELISSON', 'Mme|Marie-Christine|THIVANT',
  'M.|Gilles|THIZY', 'Mme|Marie-Hélène|THOMAS', 'M.|Daniel|TORGUES', 'M.|Stéphane|VALETTE',
  'M.|Alain|VERCHERAND', 'Mme|Anne-Françoise|VIALON', 'M.|Enzo|VIVIANI', 'Mme|Catherine|ZADRA',
];

/** The 10 proxies: giver, holder. */
export const PROXIES: readonly (readonly [string, string])[] = [
  ['Mme|Marie-Christine|BUFFARD', 'Mme|Nora|BERROUKECHE'],
  ['M.|Denis|CHAMBE', 'M.|Gilles|ARTIGUES'],
  ['M.|Frédéric|DURAND', 'Mme|Siham|LABICH'],
  ['Mme|Marie-Dominique|FAURE', 'M.|Paul|CORRIERAS'],
  ['M.|Christian|FAYOLLE', 'M.|Marc|ROSIER'],
  ['Mme|Marie-Eve|GOUTELLE', 'M.|Charles|DALLARA'],
  ['M.|Samy|KEFI-JEROME', 'Mme|Catherine|ZADRA'],
  ['Mme|Hélène|LETIEVANT-PIBAROT', 'M.|Marc|CHASSAUBENE'],
  ['Mme|Caroline|MONTAGNIER', 'M.|Eric|BARGAIN'],
  ['Mme|Monique|ROVERA', 'M.|Henri|BOUTHEON'],
];

/** The 18 members absent with an apology, without proxy. */
export const EXCUSED: readonly string[] = [
  'M.|Jean-Alain|BARRIER', 'M.|Lionel|BOUCHER', 'Mme|Anne|DE BEAUMONT', 'M.|Gabriel|DE PEYRECAVE',
  'M.|Christophe|FAVERJON', 'M.|Pierre|FAYOL NOIRETERRE', 'M.|Luc|FRANCOIS', 'M.|Marc|JANDOT',
  'Mme|Raphaëlle|JEANSON', 'Mme|Corinne|L\'HARMET-ODIN', 'M.|Michel|MAISONNETTE', 'Mme|Pascale|MARRON',
  'M.|Yves|MORAND', 'Mme|Djida|OUCHAOUA', 'Mme|Christiane|RIVIERE', 'M.|Jean-Claude|SCHALK',
  'M.|Gérard|TARDY', 'M.|Georges|ZIEGLER',
];

export const PRESIDENT = 'M.|Gaël|PERDRIAU';
export const SECRETARY = 'M.|Rémy|GUYOT';
