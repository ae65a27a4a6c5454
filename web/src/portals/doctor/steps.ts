import type { DeadlineKind, DeadlineStatus } from '../../gql/graphql';

/** The legal steps that are the company doctor's own. */
export const DOCTOR_STEPS: DeadlineKind[] = ['PROBLEM_ANALYSIS', 'CURRENT_ASSESSMENT'];

interface Step {
  kind: DeadlineKind;
  dueOn: string;
  status: DeadlineStatus;
  completedOn?: string | null;
}

/** The doctor's own step of `kind`: the first one not done, else the last one done. */
export function doctorStep<S extends Step>(deadlines: S[], kind: DeadlineKind): S | null {
  const mine = deadlines.filter((d) => d.kind === kind);
  return mine.find((d) => d.status !== 'DONE') ?? mine.at(-1) ?? null;
}

/** The due date of the doctor's earliest step not done yet (for sorting), if any. */
export function nextDoctorDue(deadlines: Step[]): string | null {
  const open = deadlines.filter((d) => DOCTOR_STEPS.includes(d.kind) && d.status !== 'DONE').map((d) => d.dueOn);
  return open.length > 0 ? open.sort()[0] : null;
}
