import { Logger } from '@nestjs/common';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { MailIntake } from './mail-intake.service.js';

export interface SmtpListenerOptions {
  host: string;
  port: number;
  maxBytes: number;
  /** Recipient domains accepted; empty accepts any (behind a firewall or a relay). */
  domains: string[];
}

/**
 * Receives mail the way an MX does (smtp-server): a customer's mail is accepted (250) only once
 * the hub has it; when the hub cannot take it, the sender hears 451 and tries again later; a
 * mail over the size limit is refused with 552 — never lost in between.
 */
export class SmtpListener {
  private readonly log = new Logger('SMTP listener');
  private readonly server: SMTPServer;

  constructor(
    private readonly opts: SmtpListenerOptions,
    private readonly intake: MailIntake,
  ) {
    this.server = new SMTPServer({
      name: 'casehub',
      banner: 'CaseHub mail intake',
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      size: opts.maxBytes,
      logger: false,
      onRcptTo: (address, _session, callback) => {
        const domain = address.address.split('@').pop()?.toLowerCase() ?? '';
        if (opts.domains.length && !opts.domains.includes(domain)) {
          return callback(
            smtpError(550, `5.1.1 <${address.address}>: not a mailbox of this service`),
          );
        }
        callback();
      },
      onData: (stream, session, callback) => {
        void this.take(stream, session).then(
          () => callback(),
          (err: Error & { responseCode?: number }) => callback(err),
        );
      },
    });
    this.server.on('error', (err) => this.log.warn(err.message));
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port, this.opts.host, () => resolve());
    });
    const port = (this.server.server.address() as { port: number }).port;
    this.log.log(`listening on ${this.opts.host}:${port}`);
    return port;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async take(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    if (stream.sizeExceeded) {
      throw smtpError(552, `5.3.4 message larger than ${this.opts.maxBytes} bytes`);
    }
    try {
      await this.intake.receive(Buffer.concat(chunks), `smtp from ${session.remoteAddress}`);
    } catch (err) {
      this.log.warn(
        `could not hand a mail to the hub, sender told to retry: ${(err as Error).message}`,
      );
      throw smtpError(451, '4.3.0 temporarily unable to accept the message, try again later');
    }
  }
}

function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}
