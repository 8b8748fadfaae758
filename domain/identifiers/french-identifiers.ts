/** Luhn checksum over a string of digits. */
function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** La Poste's SIREN: its establishments' SIRETs fail Luhn and use a digit-sum rule instead. */
const laPosteSiren = '356000000';

/** Removes spaces and dots people type in identifiers ("732 829 320"). */
export function compactIdentifier(value: string): string {
  return value.replace(/[\s.]/g, '');
}

/** A SIREN is 9 digits whose Luhn sum is valid. */
export function isValidSiren(value: string): boolean {
  const siren = compactIdentifier(value);
  return /^\d{9}$/.test(siren) && luhnValid(siren);
}

/** A SIRET is 14 digits (SIREN + NIC) whose Luhn sum is valid; La Poste's use a digit sum divisible by 5. */
export function isValidSiret(value: string): boolean {
  const siret = compactIdentifier(value);
  if (!/^\d{14}$/.test(siret)) return false;
  if (siret.startsWith(laPosteSiren)) {
    const sum = [...siret].reduce((total, digit) => total + Number(digit), 0);
    return sum % 5 === 0;
  }
  return luhnValid(siret);
}

/** French NAF/APE code: two digits, a dot, two digits, a letter (`69.20Z`). */
export function isValidNafCode(value: string): boolean {
  return /^\d{2}\.\d{2}[A-Z]$/.test(value);
}
