/**
 * The key userName uniqueness and lookups compare: Unicode NFC (RFC 7644 §7.8 asks servers to compare
 * canonical forms) and lower case, since userName is not case-exact (RFC 7643 §4.1.1).
 */
export function userNameKey(userName: string): string {
  return userName.normalize('NFC').toLowerCase();
}

/** Email addresses compare ignoring case (RFC 7643 §4.1.2 makes `emails.value` not case-exact). */
export function emailKey(address: string): string {
  return address.normalize('NFC').trim().toLowerCase();
}

// Deliberately simple: one @, something on each side, a dot in the domain, no spaces. Mail delivery is the real test.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function looksLikeEmail(value: string): boolean {
  return EMAIL.test(value);
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export function hasControlCharacters(value: string): boolean {
  return CONTROL.test(value);
}
