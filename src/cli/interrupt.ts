/**
 * Ctrl-C and SIGTERM during a scan: the first stops the crawl and lets the run write what it collected
 * (marked partial); a second quits at once. Chromium runs in its own process group, so the terminal's
 * Ctrl-C reaches only this process, which closes the browsers itself.
 */
import { EXIT } from '../errors.js';

export interface Interruption {
  /** Aborted on the first signal. */
  signal: AbortSignal;
  /** Stops listening (after the reports are written). */
  dispose(): void;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export function stopOnSignals(stderr: NodeJS.WritableStream): Interruption {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      stderr.write(`\n${name} again: quitting at once; the partial results are not written.\n`);
      process.exit(EXIT.scanIncomplete);
    }
    controller.abort(name);
    stderr.write(`\n${name}: stopping the scan and writing the results collected so far (press Ctrl-C again to quit at once)…\n`);
  };
  for (const name of SIGNALS) process.on(name, onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const name of SIGNALS) process.off(name, onSignal);
    },
  };
}
