import { Algorithm, hash, verify } from '@node-rs/argon2';

/**
 * Argon2id with the OWASP Password Storage Cheat Sheet's first configuration (19 MiB, 2 passes,
 * 1 lane). The PHC string records the parameters, so raising them later still verifies old hashes.
 */
const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

let dummy: Promise<string> | undefined;

/**
 * Verifies `password` against `phc`; with no hash (an unknown user, or one without a password) it
 * verifies against a dummy hash and answers false, so both cases take the same time.
 */
export async function verifyPassword(phc: string | null, password: string): Promise<boolean> {
  if (phc === null) {
    dummy ??= hashPassword('medseg dummy password that matches nothing');
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  return verify(phc, password).catch(() => false);
}
