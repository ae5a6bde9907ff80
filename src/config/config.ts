import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Express's trust-proxy setting: off, a hop count, or a list of proxy addresses/CIDRs. */
export type TrustProxy = false | number | string[];

const trustProxySchema = z
  .string()
  .trim()
  .transform((raw, ctx): TrustProxy => {
    const value = raw.toLowerCase();
    if (value === '' || value === 'false' || value === 'off' || value === '0') return false;
    if (/^\d+$/.test(value)) return Number(value);
    const parts = raw.split(',').map((p) => p.trim()).filter(Boolean);
    if (parts.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'must be off, a hop count or a comma-separated list of proxy CIDRs' });
      return z.NEVER;
    }
    return parts;
  });

/** A page that reads `#token=…` from its fragment: a fragment never reaches a server's access log. */
const linkBaseSchema = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .refine((url) => !url.includes('#'), 'must not contain a #fragment: the token goes there');

const positiveInt = z.coerce.number({ error: 'must be a number' }).int('must be a whole number').positive('must be greater than 0');

/** An on/off switch: true, on, 1 or false, off, 0. */
const onOff = (byDefault: 'true' | 'false') =>
  z
    .enum(['true', 'false', 'on', 'off', '1', '0'], { error: 'must be true or false' })
    .default(byDefault)
    .transform((value) => ['true', 'on', '1'].includes(value));

const envSchema = z.object({
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
    .optional(),
  PORT: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0–65535').max(65535, 'must be 0–65535').default(3000),
  ROSTER_DATA_DIR: z.string().min(1, 'must not be empty').default('./.data'),
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  LOG_LEVEL: z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` }).default('info'),
  TRUST_PROXY: trustProxySchema.default(false),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  SMTP_FROM: z.string().trim().min(1, 'must not be empty').default('Roster <no-reply@localhost>'),
  INVITATION_URL_BASE: linkBaseSchema.optional(),
  EMAIL_CONFIRMATION_URL_BASE: linkBaseSchema.optional(),
  SCIM_MAX_BODY_BYTES: positiveInt.default(16 * 1024 * 1024),
  REQUEST_TIMEOUT_MS: positiveInt.default(30_000),
  DATABASE_POOL_MAX: positiveInt.default(10),
  DATABASE_POOL_ACQUIRE_TIMEOUT_MS: positiveInt.default(15_000),
  DATABASE_PREPARED_STATEMENTS: onOff('true'),
  RATE_LIMIT_ENABLED: onOff('true'),
  RATE_LIMIT_TOKEN_PER_SECOND: positiveInt.default(50),
  RATE_LIMIT_TOKEN_BURST: positiveInt.default(200),
  RATE_LIMIT_ACCOUNT_PER_SECOND: positiveInt.default(50),
  RATE_LIMIT_ACCOUNT_BURST: positiveInt.default(200),
});

export interface Config {
  readonly databaseUrl: string | undefined;
  readonly port: number;
  readonly dataDir: string;
  /** Where clients reach this server; used for SCIM `meta.location` and the base URL shown to admins. */
  readonly publicBaseUrl: string;
  readonly logLevel: (typeof logLevels)[number];
  readonly trustProxy: TrustProxy;
  /** Where transactional mail goes (smtp:// or smtps://, credentials in the URL); unset: mails stay pending in the outbox. */
  readonly smtpUrl: string | undefined;
  readonly smtpFrom: string;
  /** The page that accepts an invitation; the link appends `#token=…`. */
  readonly invitationUrlBase: string;
  /** The page that confirms a new email address; the link appends `#token=…`. */
  readonly emailConfirmationUrlBase: string;
  /** The largest SCIM request body; the default admits a PUT of a 100,000-member group (about 5 MB). */
  readonly scimMaxBodyBytes: number;
  /** A request not answered by then gets 503, well inside the 60 s IdPs wait. */
  readonly requestTimeoutMs: number;
  readonly databasePoolMax: number;
  /** How long a request waits for a pooled connection before it is answered 503. */
  readonly databasePoolAcquireTimeoutMs: number;
  /** Off for a pooler in transaction mode that cannot carry named prepared statements (PgBouncer before 1.21). */
  readonly databasePreparedStatements: boolean;
  readonly rateLimit: RateLimitConfig;
}

export interface RateLimitRule {
  /** Sustained requests per second. */
  readonly perSecond: number;
  /** Requests allowed at once; the window is `burst / perSecond` seconds. */
  readonly burst: number;
}

export interface RateLimitConfig {
  readonly enabled: boolean;
  /** Each token's limit, SCIM and API tokens alike. */
  readonly token: RateLimitRule;
  /** An account's limit, all its tokens together; `account.rate_limit_per_second` overrides both for that account. */
  readonly account: RateLimitRule;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; every problem is listed together so an operator fixes them in one go. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const input = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
  }
  const e = parsed.data;
  const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return Object.freeze({
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    dataDir: e.ROSTER_DATA_DIR,
    publicBaseUrl,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    smtpUrl: e.SMTP_URL,
    smtpFrom: e.SMTP_FROM,
    invitationUrlBase: e.INVITATION_URL_BASE ?? `${publicBaseUrl}/admin/accept`,
    emailConfirmationUrlBase: e.EMAIL_CONFIRMATION_URL_BASE ?? `${publicBaseUrl}/admin/confirm-email`,
    scimMaxBodyBytes: e.SCIM_MAX_BODY_BYTES,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    databasePoolMax: e.DATABASE_POOL_MAX,
    databasePoolAcquireTimeoutMs: e.DATABASE_POOL_ACQUIRE_TIMEOUT_MS,
    databasePreparedStatements: e.DATABASE_PREPARED_STATEMENTS,
    rateLimit: Object.freeze({
      enabled: e.RATE_LIMIT_ENABLED,
      token: Object.freeze({ perSecond: e.RATE_LIMIT_TOKEN_PER_SECOND, burst: e.RATE_LIMIT_TOKEN_BURST }),
      account: Object.freeze({ perSecond: e.RATE_LIMIT_ACCOUNT_PER_SECOND, burst: e.RATE_LIMIT_ACCOUNT_BURST }),
    }),
  });
}
