import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { BindSeen, DeliverOptions, SubmitSeen, TestSmsc } from './test-smsc.js';

const SCRIPT = fileURLToPath(new URL('./smsc.pl', import.meta.url));

interface PerlEvent {
  ev: string;
  [field: string]: unknown;
}

/** The test SMSC written in Perl on Net::SMPP, as a child process driven over stdin/stdout. */
export async function startPerlSmsc(): Promise<TestSmsc> {
  const child = spawn('perl', [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
  const binds: BindSeen[] = [];
  const submits: SubmitSeen[] = [];
  const open = new Set<unknown>();
  let bound: unknown = null;
  const waiting = new Map<string, (status: number) => void>();
  let nextTag = 1;
  let listening: (port: number) => void;
  const port = new Promise<number>((resolve, reject) => {
    listening = resolve;
    child.once('exit', (code) => reject(new Error(`smsc.pl exited (${code}): ${stderr}`)));
  });

  createInterface({ input: child.stdout }).on('line', (line) => {
    const e = JSON.parse(line) as PerlEvent;
    switch (e.ev) {
      case 'listening':
        listening(Number(e.port));
        return;
      case 'bind':
        binds.push({
          systemId: String(e.system_id),
          password: String(e.password),
          systemType: String(e.system_type),
        });
        open.add(e.conn);
        bound ??= e.conn;
        return;
      case 'closed':
        open.delete(e.conn);
        if (bound === e.conn) bound = null;
        return;
      case 'submit':
        submits[Number(e.index)] = {
          id: null,
          status: null,
          dest: String(e.dest),
          destTon: Number(e.dest_ton),
          source: String(e.source),
          sourceTon: Number(e.source_ton),
          esmClass: Number(e.esm_class),
          dataCoding: Number(e.data_coding),
          registeredDelivery: Number(e.registered_delivery),
          udh: (e.udh as SubmitSeen['udh']) ?? null,
          text: String(e.text),
          outstanding: Number(e.outstanding),
          conn: Number(e.conn),
        };
        return;
      case 'answered': {
        const s = submits[Number(e.index)];
        s.id = (e.id as string | null) ?? null;
        s.status = Number(e.status);
        return;
      }
      case 'deliver_resp':
      case 'enquire_resp': {
        const done = waiting.get(String(e.tag));
        waiting.delete(String(e.tag));
        done?.(Number(e.status));
      }
    }
  });

  const send = (command: Record<string, unknown>) =>
    new Promise<void>((resolve, reject) =>
      child.stdin.write(`${JSON.stringify(command)}\n`, (err) => (err ? reject(err) : resolve())),
    );
  const ask = async (command: Record<string, unknown>) => {
    const tag = String(nextTag++);
    const answered = new Promise<number>((resolve) => waiting.set(tag, resolve));
    await send({ ...command, tag });
    const status = await answered;
    if (status === -1) throw new Error('no ESME is bound');
    return status;
  };

  const p = await port;
  return {
    name: 'Net::SMPP (Perl)',
    port: p,
    url: (systemId = 'casehub', password = 'secret') =>
      `smpp://${systemId}:${password}@127.0.0.1:${p}`,
    binds,
    submits,
    get bound() {
      return bound === null ? 0 : 1;
    },
    throttle: (count, status = 0x58) => send({ cmd: 'throttle', count, status }),
    hold: () => send({ cmd: 'hold' }),
    holdAfter: (count) => send({ cmd: 'hold_after', count }),
    release: () => send({ cmd: 'release' }),
    dropAfter: (count) => send({ cmd: 'drop_after', count }),
    hexIds: (on) => send({ cmd: 'hex_ids', on }),
    deliver: (d: DeliverOptions) =>
      ask({
        cmd: 'deliver',
        from: d.from,
        from_ton: d.fromTon ?? 1,
        to: d.to,
        esm_class: d.esmClass ?? 0,
        data_coding: d.dataCoding ?? 0,
        short_message_hex: d.shortMessage.toString('hex'),
      }),
    receipt: (submit, stat, err = '000') =>
      ask({ cmd: 'receipt', id: submit.id, from: submit.dest, to: submit.source, stat, err }),
    enquireLink: async () => {
      await ask({ cmd: 'enquire' });
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
