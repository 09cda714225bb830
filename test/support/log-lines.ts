/**
 * Every line written to stdout or stderr (directly, as Powertools' Logger does, or through
 * console.*) while `work` runs, so a test reads the log lines operators would see.
 */
import { jest } from '@jest/globals';

export async function linesWrittenBy(work: () => unknown): Promise<string[]> {
  const written: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  };
  const consoleLine = (...args: unknown[]) => void written.push(`${args.map(String).join(' ')}\n`);
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation(capture),
    jest.spyOn(process.stderr, 'write').mockImplementation(capture),
    ...(['log', 'error', 'warn', 'info'] as const).map((method) => jest.spyOn(console, method).mockImplementation(consoleLine)),
  ];
  try {
    await work();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return written.join('').split('\n').filter((line) => line.trim() !== '');
}
