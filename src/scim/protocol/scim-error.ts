import { URN } from './urns';

/** RFC 7644 §3.12 scimType values. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive'
  | 'invalidCursor'
  | 'expiredCursor';

/** A request that breaks the SCIM protocol itself; thrown before any command runs. */
export class ScimProtocolError extends Error {
  constructor(
    readonly status: number,
    readonly scimType: ScimType | undefined,
    detail: string,
  ) {
    super(detail);
    this.name = 'ScimProtocolError';
  }
}

export interface ScimErrorBody {
  schemas: [typeof URN.error];
  status: string;
  scimType?: ScimType;
  detail: string;
}

/** RFC 7644 §3.12: `status` is a string in the body. */
export function scimErrorBody(status: number, detail: string, scimType?: ScimType): ScimErrorBody {
  return { schemas: [URN.error], status: String(status), ...(scimType ? { scimType } : {}), detail };
}
