import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { InjectPluginConfig, KvLease } from '@casehub/plugin-sdk';
import type { SmsSmppConfig } from '../sms-smpp.config.js';
import { SmppState } from '../state/smpp-state.js';
import { BindRefused, SmppClient } from '../smpp/smpp-client.js';
import type { SmppPdu } from '../smpp/smpp-library.js';

/** Where this replica stands: without the lease, holding it but not bound (yet), or bound. */
export type LinkStatus = 'standby' | 'binding' | 'bound';

/** What listens to the link: the sender and the intake of customers' texts and receipts. */
export interface LinkListener {
  /** A new bound session: send what is waiting. */
  bound?(client: SmppClient): void;
  /** This replica holds the lease no more (or stops): stop sending, let what is in flight end. */
  leave?(): Promise<void>;
  /** A `deliver_sm` (or `data_sm`) from the SMSC; answer it on `client`. */
  deliver?(pdu: SmppPdu, client: SmppClient): void;
}

const MAX_BACKOFF_MS = 30_000;

/**
 * The one bind of the deployment: this replica binds as a transceiver while it holds the lease
 * (KvLease), keeps the link alive with `enquire_link`, and binds again with back-off (1 s
 * doubling to 30 s) when the connection drops. A replica without the lease never connects.
 */
@Injectable()
export class SmscLink implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('SmppLink');
  private lease!: KvLease;
  private client: SmppClient | null = null;
  private readonly listeners: LinkListener[] = [];
  private active = false;
  private stopping = false;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> = Promise.resolve();
  private binding: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** How many lease checks this replica has made: a test's proof that a standby looked. */
  private checks = 0;

  constructor(
    @InjectPluginConfig() private readonly cfg: SmsSmppConfig,
    @Inject(SmppState) private readonly state: SmppState,
  ) {}

  listen(listener: LinkListener): void {
    this.listeners.push(listener);
  }

  get status(): LinkStatus {
    if (!this.active) return 'standby';
    return this.client && !this.client.closed ? 'bound' : 'binding';
  }

  /** The lease checks made so far (standby replicas look as often as the holder renews). */
  get leaseChecks(): number {
    return this.checks;
  }

  /** The bound session, if any. */
  get session(): SmppClient | null {
    return this.client && !this.client.closed ? this.client : null;
  }

  onApplicationBootstrap(): void {
    this.lease = new KvLease(this.state.kv, this.cfg.failoverMs, 'lease');
    this.log.log(`replica ${this.lease.instance}: waiting for the bind lease`);
    const loop = () => {
      this.ticking = this.tick().finally(() => {
        if (!this.stopping) this.timer = setTimeout(loop, this.lease.intervalMs);
      });
    };
    loop();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
    if (!this.active) return;
    await this.deactivate(true);
    await this.lease.release();
  }

  private async tick(): Promise<void> {
    const held = await this.lease.tick();
    this.checks++;
    if (this.stopping) return;
    if (held && !this.active) this.activate();
    else if (!held && this.active) {
      this.log.warn('bind lease lost: unbinding, another replica binds');
      await this.deactivate(false);
    }
  }

  private activate(): void {
    this.active = true;
    this.log.log('holding the bind lease: binding to the SMSC');
    this.binding = this.bindLoop();
  }

  private async deactivate(graceful: boolean): Promise<void> {
    this.active = false;
    this.wake?.();
    await Promise.all(this.listeners.map((l) => l.leave?.() ?? Promise.resolve()));
    const client = this.client;
    this.client = null;
    if (client) {
      if (graceful) await client.unbind();
      else client.destroy();
    }
    await this.binding;
  }

  private async bindLoop(): Promise<void> {
    const { host, port, tls } = this.cfg.bind;
    let backoff = 1_000;
    while (this.active) {
      try {
        const client = await SmppClient.bind(this.cfg.bind, (pdu, c) => this.deliver(pdu, c));
        if (!this.active) {
          await client.unbind();
          return;
        }
        this.client = client;
        backoff = 1_000;
        this.log.log(`bound to ${tls ? 'ssmpp' : 'smpp'}://${host}:${port} as a transceiver`);
        const closed = new Promise<Error>((resolve) => client.onClose(resolve));
        const keepAlive = setInterval(() => {
          client.request('enquire_link', {}, 10_000).catch(() => undefined);
        }, this.cfg.enquireLinkMs);
        for (const l of this.listeners) l.bound?.(client);
        const why = await closed;
        clearInterval(keepAlive);
        if (!this.active) return;
        this.log.warn(`connection to the SMSC lost (${why.message}): binding again`);
      } catch (err) {
        if (!this.active) return;
        const why = err instanceof Error ? err.message : String(err);
        const level = err instanceof BindRefused ? 'error' : 'warn';
        this.log[level](`cannot bind (${why}): trying again in ${backoff / 1000} s`);
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, backoff);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = null;
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  }

  private deliver(pdu: SmppPdu, client: SmppClient): void {
    for (const l of this.listeners) l.deliver?.(pdu, client);
  }
}
