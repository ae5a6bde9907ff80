import pino, { type DestinationStream, type Logger } from 'pino';

/** Paths that could ever hold a secret are removed even if someone logs a whole request by mistake. */
const REDACT = ['req.headers.authorization', 'headers.authorization', 'authorization', '*.authorization', 'token', '*.token', 'secret', '*.secret'];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, base: { service: 'roster' }, redact: { paths: REDACT, censor: '[redacted]' } }, destination);
}
