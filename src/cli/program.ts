import { Command, CommanderError, Help } from 'commander';
import { ConfigError } from '../platform/config.ts';
import { LockError } from '../platform/db/lock.ts';
import { TenancyError } from '../platform/db/tenancy-check.ts';
import { UserError } from '../platform/http/errors.ts';
import { mutualisVersion } from '../platform/backup.ts';

/** Commander writes its usage errors in English: each known one is rewritten in French. */
export function frenchCommanderMessage(text: string): string {
  return text
    .replace(/^error: unknown command '([^']*)'/, 'erreur : commande inconnue « $1 »')
    .replace(/^error: unknown option '([^']*)'/, 'erreur : option inconnue « $1 »')
    .replace(/^error: required option '([^']*)' not specified/, 'erreur : option obligatoire « $1 » absente')
    .replace(/^error: missing required argument '([^']*)'/, 'erreur : argument obligatoire « $1 » absent')
    .replace(/^error: option '([^']*)' argument missing/, 'erreur : l’option « $1 » attend une valeur')
    .replace(/^error: option '([^']*)' argument '([^']*)' is invalid\. Allowed choices are (.*)\./, 'erreur : l’option « $1 » ne prend pas la valeur « $2 » ; valeurs possibles : $3.')
    .replace(/^error: option '([^']*)' argument '([^']*)' is invalid\.\s*/, 'erreur : l’option « $1 » ne prend pas la valeur « $2 » : ')
    .replace(/^error: command-argument value '([^']*)' is invalid for argument '([^']*)'\.\s*/, 'erreur : l’argument « $2 » ne prend pas la valeur « $1 » : ')
    .replace(/^error: too many arguments.*/, 'erreur : trop d’arguments')
    .replace(/^error: (.*) cannot be used with (.*)/, 'erreur : $1 ne peut pas être employé(e) avec $2')
    .replace(/\(Did you mean one of (.*)\?\)/, '(Vouliez-vous dire l’une de : $1 ?)')
    .replace(/\(Did you mean (.*)\?\)/, '(Vouliez-vous dire $1 ?)')
    .replace(/^error:/, 'erreur :');
}

/** Commander's help headings, in French. */
export function frenchHelp(text: string): string {
  return text
    .replace(/^Usage:/gm, 'Utilisation :')
    .replace(/^Arguments:/gm, 'Arguments :')
    .replace(/^Options:/gm, 'Options :')
    .replace(/^Global Options:/gm, 'Options générales :')
    .replace(/^Commands:/gm, 'Commandes :')
    .replace(/\[command\]/g, '[commande]');
}

/** The annotations Commander adds to an option's or argument's description, in French (before it wraps lines). */
export function frenchAnnotations(text: string): string {
  return text
    .replace(/\(default: ([^)]*)\)/g, '(par défaut : $1)')
    .replace(/\(choices: ([^)]*)\)/g, (_, list: string) => `(valeurs : ${list.replaceAll('"', '')})`)
    .replace(/\(env: ([^)]*)\)/g, "(variable d'environnement : $1)");
}

/** The root command, French throughout; commands are added by main.ts. */
export function createProgram(): Command {
  return new Command('mutualis')
    .description(
      'Mutualis : la mutualisation entre un EPCI et ses communes membres.\n' +
        'Base de données : PGlite dans le dossier DATA_DIR (./data par défaut), ou PostgreSQL si DATABASE_URL est défini.\n' +
        'Mot de passe des comptes créés : variable MUTUALIS_PASSWORD, sinon saisi au clavier.',
    )
    .version(mutualisVersion(), '-V, --version', 'affiche la version de Mutualis')
    .helpOption('-h, --help', "affiche l'aide de la commande")
    .helpCommand('aide [commande]', "affiche l'aide d'une commande")
    .configureHelp({
      formatHelp: (cmd, helper) => frenchHelp(Help.prototype.formatHelp.call(helper, cmd, helper)),
      optionDescription(this: Help, option) {
        return frenchAnnotations(Help.prototype.optionDescription.call(this, option));
      },
      argumentDescription(this: Help, argument) {
        return frenchAnnotations(Help.prototype.argumentDescription.call(this, argument));
      },
    })
    .showHelpAfterError('(ajoutez --help pour l’aide de la commande)')
    .configureOutput({ outputError: (text, write) => write(frenchCommanderMessage(text)) })
    .exitOverride();
}

/** Errors that mean "the user must change something": a French sentence, no stack trace. */
export function isExpectedError(error: unknown): error is Error {
  return error instanceof UserError || error instanceof LockError || error instanceof ConfigError || error instanceof TenancyError;
}

/** Runs the command line; resolves to the exit code (0 success, 1 error). */
export async function runProgram(program: Command, argv: readonly string[]): Promise<number> {
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    // Commander has already printed its (translated) message; help and --version end here with 0.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 1;
    if (isExpectedError(error)) {
      process.stderr.write(`mutualis : ${error.message}\n`);
      return 1;
    }
    console.error('mutualis : erreur inattendue (merci de la signaler avec ce qui suit) :', error);
    return 1;
  }
}
