/**
 * The twin's event log: one JSON line per notable event, so that whoever runs
 * `npm start` sees what the platform is doing. Events: a workflow execution started,
 * entered a top-level state, ended; a schedule ran; the custodian-bank simulator
 * delivered a callback. Each line is `{"twin": <event>, "at": <the twin's clock>, …}`
 * with ids, names, statuses and error names only: never personal data, payloads,
 * error messages or amounts.
 */
export type TwinLogField = string | number | boolean | undefined;
export type TwinLog = (event: string, fields?: Readonly<Record<string, TwinLogField>>) => void;

/** A log that writes each event as one line (e.g. console.log), stamped with `now()`. */
export function twinLog(write: (line: string) => void, now: () => Date): TwinLog {
  return (event, fields = {}) => {
    const defined = Object.entries(fields).filter(([, value]) => value !== undefined);
    write(JSON.stringify({ twin: event, at: now().toISOString(), ...Object.fromEntries(defined) }));
  };
}

/** The default where no one reads the log (the tests' in-process twins, the benches). */
export const silentTwinLog: TwinLog = () => {};

/** An error's name only: messages can carry what a log must not. */
export const errorName = (error: unknown): string => (error instanceof Error ? error.name || 'Error' : 'Error');
