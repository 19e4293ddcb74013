/** Word that the browser died comes a little after the calls that failed because of it. */
export const DEATH_NOTICE_MS = 1_000;

/** Whether `condition` holds now or comes to hold within `ms` (checked every 50 ms). */
export async function becomesTrueWithin(condition: () => boolean, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline && !condition(); ) await new Promise((resolve) => setTimeout(resolve, 50));
  return condition();
}
