import fs from 'node:fs';
import path from 'node:path';

export class LockError extends Error {}

export interface LockInfo {
  readonly pid: number;
  readonly kind: 'serveur' | 'commande';
  readonly url?: string;
}

const LOCK_FILE = 'mutualis.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLock(dataDir: string): LockInfo | null {
  try {
    const info = JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')) as LockInfo;
    return alive(info.pid) ? info : null;
  } catch {
    return null;
  }
}

/**
 * PGlite takes no lock of its own: two processes on one folder corrupt it. The holder writes its pid;
 * a lock left by a dead process is taken over.
 */
export function acquireLock(dataDir: string, info: LockInfo): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(info), { flag: 'wx' });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readLock(dataDir);
      if (holder) {
        throw new LockError(
          holder.kind === 'serveur'
            ? `Le serveur Mutualis (processus ${holder.pid}${holder.url ? `, ${holder.url}` : ''}) utilise déjà le dossier de données ${dataDir}. Arrêtez-le, ou passez par son API.`
            : `Une autre commande mutualis (processus ${holder.pid}) utilise déjà le dossier de données ${dataDir}. Attendez qu'elle se termine.`,
        );
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new LockError(`Impossible de verrouiller le dossier de données ${dataDir}.`);
}
