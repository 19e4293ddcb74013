/**
 * Colour on a terminal, or when asked with --color; never with --no-color or when NO_COLOR is set
 * (https://no-color.org), nor on a dumb terminal. FORCE_COLOR (as chalk reads it) also turns it on.
 */
export function shouldUseColor(flag: boolean | undefined, isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY && env.TERM !== 'dumb';
}
