/**
 * A provider's fake as the orchestrator of `pnpm bench:sms` and `pnpm bench:social` sees it (the
 * fake runs in a child process: fake-twilio-process.ts for Twilio, smsc-process.ts for SMPP,
 * social-fake.ts around FakeWhatsApp, FakeMessenger, FakeTelegram): times are on the
 * orchestrator's clock.
 */
import { Child } from './child.js';

/** What a fake accepted since its last reset. */
export interface FakeCheck {
  /** Messages accepted. */
  accepted: number;
  /** Messages accepted per CaseHub message id (more than 1: sent twice). */
  byMessage: Record<string, number>;
  /**
   * For a protocol whose sends carry no CaseHub message id (SMPP, the social fakes): whole texts
   * accepted per `<recipient>\n<text>` (SMPP: the destination without its `+`; social: the
   * provider's id of the customer), left for the orchestrator to map to the replies' ids
   * (OutboundSpec.recipientOf); `byMessage` is then empty.
   */
  byText?: Record<string, number>;
  /** Accepted messages that name no CaseHub message (SMPP: texts some part of which never came). */
  withoutId: number;
  /** Accepted messages whose content had been requested before (a retry after a refusal, or twice). */
  resent: number;
  /** Send requests refused (any answer but the provider's success: Twilio's 201, Graph's 200 …). */
  refused: number;
  meanBodyBytes: number;
  /** Status callbacks made (answered in the fake or by the plugin), and those not answered 2xx. */
  callbacks: { delivered: number; failed: number };
}

export interface ProviderFake {
  child: Child;
  pid: number;
  /** The settings that reach the fake (the plugin's and the raw sender's). */
  env: Record<string, string>;
  /** Whether status callbacks leave the fake's process (to the plugin). */
  deliverCallbacks(on: boolean): Promise<void>;
  reset(): Promise<void>;
  /** Our time at which the fake accepted the n-th message since the reset. */
  waitFor(n: number, timeoutMs: number): Promise<number>;
  check(): Promise<FakeCheck>;
  stop(): Promise<void>;
}

/** Starts the fake's child script (`fakeScript`, next to this file). */
export async function startFake(provider: {
  name: string;
  fakeScript: string;
}): Promise<ProviderFake> {
  const child = await Child.start(`fake ${provider.name}`, provider.fakeScript, {});
  await child.measureOffset();
  const { env } = await child.request<{ env: Record<string, string> }>('info');
  return {
    child,
    pid: child.proc.pid!,
    env,
    deliverCallbacks: (deliver) => child.request('callbacks', { deliver }),
    reset: () => child.request('reset'),
    waitFor: async (n, timeoutMs) =>
      (await child.request<number>('wait', { n, timeoutMs })) - child.offsetMs,
    check: () => child.request('check'),
    stop: () => child.stop(),
  };
}
