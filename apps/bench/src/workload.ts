/**
 * The latency run's workload: an open-loop schedule of commits through the core's own
 * CasesService (so the relay is nudged on commit, as after an API call), at a fixed rate of
 * events per second. Each case goes through a short lifecycle, one commit per step:
 *
 *   created → updated (priority) → status_changed (open) → status_changed + resolved
 *
 * i.e. 5 events in 4 commits; the last commit writes two events of one case back to back.
 * `lanes` cases are worked on side by side, round robin, so a case's commits are spread out
 * as agents' would be; a lane's next commit waits for its previous one.
 */
import type { CasesService } from '@casehub/core/dist/cases/cases.service.js';
import type { Principal } from '@casehub/core/dist/auth/principal.js';
import { sleep, wallMs } from './clock.js';

export interface DriveOptions {
  rate: number;
  warmupMs: number;
  measureMs: number;
  lanes: number;
}

/** One entry per commit, as parallel arrays (cheap to send over IPC). */
export interface DriveResult {
  startedAt: number;
  warmupEndsAt: number;
  endsAt: number;
  caseId: string[];
  firstSequence: number[];
  events: number[];
  intendedAt: number[];
  issuedAt: number[];
  committedAt: number[];
  errors: Record<string, { count: number; sample: string }>;
  /** Events due in the window whose commit had not started when it closed (the core lagged). */
  notStarted: number;
}

const BY: Principal = { keyId: 'bench', role: 'admin', agentId: null };
const STEP_EVENTS = [1, 1, 1, 2];
const DESCRIPTION =
  'Hello, the parcel for my order arrived yesterday but the box was crushed and the blender inside ' +
  'has a cracked jug. Could you send a replacement jug or the whole unit? Thanks, a customer.';

interface Lane {
  caseId: string | null;
  step: number;
  /** A commit failed: the lane starts again with a new case. */
  failed: boolean;
  tail: Promise<void>;
}

export async function drive(cases: CasesService, o: DriveOptions): Promise<DriveResult> {
  const r: DriveResult = {
    startedAt: wallMs(),
    warmupEndsAt: 0,
    endsAt: 0,
    caseId: [],
    firstSequence: [],
    events: [],
    intendedAt: [],
    issuedAt: [],
    committedAt: [],
    errors: {},
    notStarted: 0,
  };
  r.warmupEndsAt = r.startedAt + o.warmupMs;
  r.endsAt = r.warmupEndsAt + o.measureMs;
  const lanes: Lane[] = Array.from({ length: o.lanes }, () => ({
    caseId: null,
    step: 0,
    failed: false,
    tail: Promise.resolve(),
  }));
  let issued = 0; // events scheduled so far
  let next = 0; // lane of the next commit

  const commit = async (lane: Lane, step: number, intendedAt: number) => {
    const issuedAt = wallMs();
    if (issuedAt >= r.endsAt) {
      // Behind schedule at the end: the backlog is counted, not worked off (it would only
      // measure how long the queue is).
      r.notStarted += STEP_EVENTS[step];
      return;
    }
    try {
      const view = await runStep(cases, lane, step);
      const committedAt = wallMs();
      const n = STEP_EVENTS[step];
      r.caseId.push(view.id);
      r.firstSequence.push(view.version - n + 1);
      r.events.push(n);
      r.intendedAt.push(intendedAt);
      r.issuedAt.push(issuedAt);
      r.committedAt.push(committedAt);
    } catch (err) {
      const e = err as Error;
      const kind = e.name || 'Error';
      const entry = (r.errors[kind] ??= { count: 0, sample: e.message.slice(0, 500) });
      entry.count++;
      lane.caseId = null;
      lane.failed = true;
    }
  };

  for (;;) {
    const now = wallMs();
    if (now >= r.endsAt) break;
    // Open loop: issue whatever the schedule says is due, whether earlier commits are done or not.
    while (issued < ((now - r.startedAt) / 1000) * o.rate) {
      const lane = lanes[next++ % lanes.length];
      if (lane.failed) [lane.step, lane.failed] = [0, false];
      const step = lane.step;
      lane.step = (step + 1) % STEP_EVENTS.length;
      issued += STEP_EVENTS[step];
      const intendedAt = r.startedAt + (issued / o.rate) * 1000;
      lane.tail = lane.tail.then(() => commit(lane, step, intendedAt));
    }
    await sleep(1);
  }
  await Promise.all(lanes.map((l) => l.tail));
  return r;
}

let created = 0;

async function runStep(cases: CasesService, lane: Lane, step: number) {
  if (step === 0) {
    const view = await cases.create(
      {
        subject: `Order #${40000 + created++} arrived damaged`,
        description: DESCRIPTION,
        channel: 'email',
        priority: 'normal',
        tags: [],
        customFields: {},
      },
      BY,
    );
    lane.caseId = view.id;
    return view;
  }
  if (lane.caseId === null) throw new Error('the case of this lane was not created');
  if (step === 1) return cases.update(lane.caseId, { priority: 'high' }, BY);
  if (step === 2) return cases.changeStatus(lane.caseId, { to: 'open' }, BY);
  return cases.changeStatus(lane.caseId, { to: 'resolved' }, BY);
}
