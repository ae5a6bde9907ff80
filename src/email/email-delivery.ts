import type { Logger } from 'pino';
import type { Config } from '../config/config';
import type { Orm } from '../db/orm';
import { deliverPendingEmails } from './deliver-pending-emails';
import { createMailer, type Mailer } from './mailer';

export interface EmailDelivery {
  /** Delivers soon: call after a command that enqueued mail has committed. */
  kick(): void;
  /** Lets a running pass finish, then stops polling and closes SMTP connections. */
  stop(): Promise<void>;
}

export interface EmailDeliveryDeps {
  orm: Orm;
  config: Config;
  logger: Logger;
  pollIntervalMs?: number;
  batchSize?: number;
  /** Tests may pass their own; by default one is made from `SMTP_URL`. */
  mailer?: Mailer;
}

const DEFAULT_POLL_MS = 5_000;
const DEFAULT_BATCH = 50;

/**
 * Sends the outbox in the background: a pass every few seconds and on `kick()`. Without `SMTP_URL` it does
 * nothing and mails stay pending in the outbox, where admins can see them.
 */
export function startEmailDelivery(deps: EmailDeliveryDeps): EmailDelivery {
  const { orm, config, logger } = deps;
  const mailer = deps.mailer ?? createMailer(config);
  if (!mailer) {
    logger.info('SMTP_URL is unset: invitations and email confirmations stay pending in the outbox');
    return { kick: () => undefined, stop: async () => undefined };
  }
  const pollMs = deps.pollIntervalMs ?? DEFAULT_POLL_MS;
  const batch = deps.batchSize ?? DEFAULT_BATCH;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const schedule = (ms: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(run, ms);
    timer.unref();
  };

  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        do {
          again = false;
          // A full batch means more may be waiting: go on at once.
          if ((await deliverPendingEmails(orm, mailer, config, logger, batch)) === batch) again = true;
        } while (again && !stopped);
      } catch (error) {
        logger.error({ err: error }, 'email delivery pass failed');
      } finally {
        running = null;
        schedule(pollMs);
      }
    })();
  };

  logger.info({ smtp: mailer.description }, 'email delivery started');
  schedule(0);
  return {
    kick: () => {
      if (running) again = true;
      else schedule(0);
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
      mailer.close();
    },
  };
}
