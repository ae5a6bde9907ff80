/**
 * Reading plain rows of `em.execute` without hydrating entities: the ORM's connection hands timestamps over as
 * PostgreSQL prints them (`2026-11-23 19:00:00.123456+00`), so read paths that skip the ORM convert them here.
 */
export function rowDate(value: unknown): Date {
  if (value instanceof Date) return value;
  return new Date(String(value).replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
}

export function rowDateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : rowDate(value);
}

export function rowText(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
