/** Where to go once the password is changed (the dashboard unless the password-change page says otherwise). */
let target: string | undefined;

/** Set by the password-change page before it lifts the gate, e.g. to continue with the setup checklist; undefined resets it. */
export function continueAfterPasswordChange(path: string | undefined): void {
  target = path;
}

/** Read by the route gate when the password no longer needs changing. */
export function pathAfterPasswordChange(): string {
  return target ?? '/';
}
