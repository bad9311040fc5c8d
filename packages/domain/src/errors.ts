/** Base class of every rule violation in the domain; `code` is stable and machine-readable. */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A status change the case lifecycle does not allow (e.g. closed → open). */
export class IllegalTransition extends DomainError {
  readonly code = 'illegal_transition';
  constructor(
    readonly from: string,
    readonly to: string,
    readonly allowed: readonly string[],
  ) {
    super(
      `A case cannot move from "${from}" to "${to}"` +
        (allowed.length
          ? `; from "${from}" it can move to: ${allowed.join(', ')}.`
          : `; "${from}" is final.`),
    );
  }
}

/** An escalation that does not move the case up a tier or to another group. */
export class IllegalEscalation extends DomainError {
  readonly code = 'illegal_escalation';
}

/** A change the case's status rules out, e.g. a reply on a closed case or escalating a resolved one. */
export class CaseStatusConflict extends DomainError {
  readonly code = 'case_status_conflict';
}

/** A contact identity (email, phone, handle) that cannot be understood. */
export class InvalidIdentity extends DomainError {
  readonly code = 'invalid_identity';
}
