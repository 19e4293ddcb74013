/**
 * Finds regular expressions that can take exponential time in a backtracking engine such as V8's
 * ("catastrophic backtracking", ReDoS): `(a+)+$`, `(a|aa)*c`, `(x+x+)+y`.
 *
 * Why hand-written: the libraries that catch all three are too slow for a check on every load
 * (recheck: 3–5 ms per expression with its native binary, 10–400 ms in pure JavaScript, so seconds for
 * an inventory with a thousand regexes), and the fast ones miss overlapping alternatives (safe-regex2
 * accepts `(a|aa)*c` and rejects the harmless `^_ga(_[A-Z0-9]+)?$`; scslre accepts `(a|aa)*c`).
 *
 * How: the expression becomes its position (Glushkov) automaton, keeping how many distinct ways lead
 * from one position to the next (capped at 2). A backtracking matcher takes exponential time exactly
 * when some position can loop back to itself along two different paths that read the same text
 * (exponential degree of ambiguity). That is found in the product of the automaton with itself: a
 * strongly connected component holding a pair (p, p) and also a pair (q, r) with q ≠ r, or a doubled
 * edge. Lookarounds and backreferences count as empty; a counted repetition up to {n,10} is expanded
 * into copies, a longer one counts as unbounded — which can only make the check stricter, never let
 * a dangerous expression through.
 * Polynomial backtracking (`.*.*=.*`) is not rejected: names and keys are short.
 */

/** Sorted, disjoint, inclusive ranges of UTF-16 code units. */
type CharSet = readonly (readonly [number, number])[];

type Node =
  | { type: 'char'; set: CharSet }
  | { type: 'empty' }
  | { type: 'seq'; items: Node[] }
  | { type: 'alt'; items: Node[] }
  | { type: 'repeat'; min: number; max: number; body: Node };

const MAX_UNIT = 0xffff;
const DIGIT: CharSet = [[48, 57]];
const WORD: CharSet = [[48, 57], [65, 90], [95, 95], [97, 122]];
const SPACE: CharSet = [[9, 13], [32, 32], [160, 160], [5760, 5760], [8192, 8202], [8232, 8233], [8239, 8239], [8287, 8287], [12288, 12288], [65279, 65279]];
const LINE_TERMINATORS: CharSet = [[10, 10], [13, 13], [8232, 8233]];
/** Past this many pairs of positions the expression is called too complex to check. */
const MAX_PRODUCT_STATES = 50_000;
/** Counted repetitions up to this count are expanded ({2,4}: two to four copies); longer ones count as unbounded. */
const MAX_EXPANDED_COUNT = 10;

export type RegexSafety = 'safe' | 'exponential' | 'too-complex';

/** Judges a source that `new RegExp(source)` accepts (no flags). */
export function regexSafety(source: string): RegexSafety {
  const tree = new Parser(source).parse();
  const automaton = positionAutomaton(tree);
  return exponentiallyAmbiguous(automaton);
}

// ── parsing (the syntax of a RegExp without flags; the source is known to be valid) ──────────────

class Parser {
  private index = 0;
  constructor(private readonly source: string) {}

  parse(): Node {
    const node = this.alternation();
    // A stray ")" cannot occur in a valid source; stop safely if it does.
    return node;
  }

  private peek(offset = 0): string {
    return this.source[this.index + offset] ?? '';
  }

  private alternation(): Node {
    const items = [this.sequence()];
    while (this.peek() === '|') {
      this.index++;
      items.push(this.sequence());
    }
    return items.length === 1 ? items[0] : { type: 'alt', items };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.index < this.source.length && this.peek() !== '|' && this.peek() !== ')') {
      items.push(this.quantified(this.atom()));
    }
    return { type: 'seq', items };
  }

  private quantified(atom: Node): Node {
    const char = this.peek();
    let bounds: [number, number] | undefined;
    if (char === '*') bounds = [0, Infinity];
    else if (char === '+') bounds = [1, Infinity];
    else if (char === '?') bounds = [0, 1];
    else if (char === '{') {
      const match = /^\{(\d+)(?:(,)(\d*))?\}/.exec(this.source.slice(this.index));
      if (!match) return atom;
      const min = Number(match[1]);
      const max = match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3]);
      this.index += match[0].length - 1;
      bounds = [min, max];
    }
    if (!bounds) return atom;
    this.index++;
    if (this.peek() === '?') this.index++; // lazy: the same paths, tried in another order
    return { type: 'repeat', min: bounds[0], max: bounds[1], body: atom };
  }

  private atom(): Node {
    const char = this.peek();
    if (char === '(') return this.group();
    if (char === '[') return this.characterClass();
    this.index++;
    if (char === '.') return { type: 'char', set: complement(LINE_TERMINATORS) };
    if (char === '^' || char === '$') return { type: 'empty' };
    if (char === '\\') return this.escape(false);
    return single(char.charCodeAt(0));
  }

  private group(): Node {
    this.index++; // (
    let lookaround = false;
    if (this.peek() === '?') {
      const rest = this.source.slice(this.index);
      const opener = /^\?(?:[:=!]|<[=!]|<[^>]*>|[a-zA-Z-]*:)/.exec(rest)?.[0] ?? '?';
      lookaround = /^\?(?:[=!]|<[=!])$/.test(opener);
      this.index += opener.length;
    }
    const inner = this.alternation();
    if (this.peek() === ')') this.index++;
    return lookaround ? { type: 'empty' } : inner;
  }

  /** After the backslash; inside a class, \b is a backspace and references are octal escapes. */
  private escape(inClass: boolean): Node {
    const char = this.peek();
    this.index++;
    const classes: Record<string, CharSet> = { d: DIGIT, w: WORD, s: SPACE };
    if (classes[char]) return { type: 'char', set: classes[char] };
    if (classes[char.toLowerCase()]) return { type: 'char', set: complement(classes[char.toLowerCase()]) };
    if (char === 'b' || char === 'B') return inClass && char === 'b' ? single(8) : { type: 'empty' };
    if (/[1-9]/.test(char) && !inClass) {
      while (/[0-9]/.test(this.peek())) this.index++;
      return { type: 'empty' }; // a backreference: matches what a group matched
    }
    if (char === 'k' && this.peek() === '<' && !inClass) {
      this.index = Math.max(this.index, this.source.indexOf('>', this.index) + 1);
      return { type: 'empty' };
    }
    const controls: Record<string, number> = { n: 10, r: 13, t: 9, v: 11, f: 12, '0': 0 };
    if (char in controls) return single(controls[char]);
    const hex = (length: number) => {
      const digits = this.source.slice(this.index, this.index + length);
      if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(digits)) return undefined;
      this.index += length;
      return parseInt(digits, 16);
    };
    if (char === 'x') return single(hex(2) ?? 'x'.charCodeAt(0));
    if (char === 'u') return single(hex(4) ?? 'u'.charCodeAt(0));
    if (char === 'c' && /[A-Za-z]/.test(this.peek())) return single(this.source.charCodeAt(this.index++) % 32);
    return single(char.charCodeAt(0));
  }

  private characterClass(): Node {
    this.index++; // [
    const negated = this.peek() === '^';
    if (negated) this.index++;
    let ranges: [number, number][] = [];
    while (this.index < this.source.length && this.peek() !== ']') {
      const from = this.classAtom();
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== '') {
        this.index++;
        const to = this.classAtom();
        if (from.length === 1 && to.length === 1 && from[0][0] === from[0][1] && to[0][0] === to[0][1]) {
          ranges.push([from[0][0], to[0][0]]);
          continue;
        }
        ranges = ranges.concat(from, to, [[45, 45]]); // [\d-z]: the class, "-" and "z"
        continue;
      }
      ranges = ranges.concat(from);
    }
    this.index++; // ]
    const set = normalise(ranges);
    return { type: 'char', set: negated ? complement(set) : set };
  }

  private classAtom(): [number, number][] {
    const char = this.peek();
    this.index++;
    if (char !== '\\') return [[char.charCodeAt(0), char.charCodeAt(0)]];
    const node = this.escape(true);
    return node.type === 'char' ? node.set.map(([low, high]) => [low, high]) : [];
  }
}

function single(code: number): Node {
  return { type: 'char', set: [[code, code]] };
}

function normalise(ranges: [number, number][]): CharSet {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [low, high] of sorted) {
    const last = merged.at(-1);
    if (last && low <= last[1] + 1) last[1] = Math.max(last[1], high);
    else merged.push([low, high]);
  }
  return merged;
}

function complement(set: CharSet): CharSet {
  const result: [number, number][] = [];
  let next = 0;
  for (const [low, high] of set) {
    if (low > next) result.push([next, low - 1]);
    next = high + 1;
  }
  if (next <= MAX_UNIT) result.push([next, MAX_UNIT]);
  return result;
}

function intersects(a: CharSet, b: CharSet): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i][1] < b[j][0]) i++;
    else if (b[j][1] < a[i][0]) j++;
    else return true;
  }
  return false;
}

// ── the position automaton, with the number of ways (capped at 2) ─────────────────────────────────

/** Position → how many ways (1 or 2 = "several"). */
type Ways = Map<number, number>;

interface Automaton {
  /** The character set of each position; position 0 is the start and reads nothing. */
  sets: CharSet[];
  /** From a position, the positions that may come next and in how many ways. */
  follow: Ways[];
}

interface Part {
  /** Ways to match the empty text: 0, 1 or 2 (several). */
  empty: number;
  first: Ways;
  last: Ways;
}

const cap = (count: number) => Math.min(count, 2);

function addWays(target: Ways, source: Ways, factor = 1): void {
  if (factor === 0) return;
  for (const [position, count] of source) target.set(position, cap((target.get(position) ?? 0) + count * factor));
}

function positionAutomaton(tree: Node): Automaton {
  const automaton: Automaton = { sets: [[]], follow: [new Map()] };
  const link = (from: Ways, to: Ways) => {
    for (const [source, sourceWays] of from) addWays(automaton.follow[source], to, sourceWays);
  };
  const build = (node: Node): Part => {
    switch (node.type) {
      case 'char': {
        const position = automaton.sets.push(node.set) - 1;
        automaton.follow.push(new Map());
        return { empty: 0, first: new Map([[position, 1]]), last: new Map([[position, 1]]) };
      }
      case 'empty':
        return { empty: 1, first: new Map(), last: new Map() };
      case 'alt': {
        const whole: Part = { empty: 0, first: new Map(), last: new Map() };
        for (const item of node.items.map(build)) {
          whole.empty = cap(whole.empty + item.empty);
          addWays(whole.first, item.first);
          addWays(whole.last, item.last);
        }
        return whole;
      }
      case 'seq': {
        let whole: Part = { empty: 1, first: new Map(), last: new Map() };
        for (const next of node.items.map(build)) {
          link(whole.last, next.first);
          const first = new Map(whole.first);
          addWays(first, next.first, whole.empty);
          const last = new Map(next.last);
          addWays(last, whole.last, next.empty);
          whole = { empty: cap(whole.empty * next.empty), first, last };
        }
        return whole;
      }
      case 'repeat': {
        if (node.max === 0) return { empty: 1, first: new Map(), last: new Map() };
        if (node.max <= MAX_EXPANDED_COUNT && (node.max > 1 || node.min > 1)) return build(expanded(node.body, node.min, node.max));
        const body = build(node.body);
        if (node.max === 1) return node.min === 0 ? { ...body, empty: cap(body.empty + 1) } : body;
        // Repeated: the end of one round may lead to the start of the next. A round that matches
        // nothing is refused by the engine, so "zero rounds" is the one empty way.
        link(body.last, body.first);
        return { empty: node.min === 0 ? 1 : body.empty, first: body.first, last: body.last };
      }
    }
  };
  const root = build(tree);
  addWays(automaton.follow[0], root.first);
  return automaton;
}

/** x{2,4} as x x (x (x)?)? — nested, so that the optional rounds add no ambiguity of their own. */
function expanded(body: Node, min: number, max: number): Node {
  let optional: Node = { type: 'empty' };
  for (let round = min; round < max; round++) optional = { type: 'repeat', min: 0, max: 1, body: { type: 'seq', items: [body, optional] } };
  return { type: 'seq', items: [...Array.from({ length: min }, () => body), optional] };
}

// ── exponential ambiguity: the automaton times itself ─────────────────────────────────────────────

function exponentiallyAmbiguous({ sets, follow }: Automaton): RegexSafety {
  const size = sets.length;
  const key = (p: number, q: number) => (p <= q ? p * size + q : q * size + p);
  const ids = new Map<number, number>();
  const pairs: [number, number][] = [];
  const edges: { to: number; doubled: boolean }[][] = [];
  const idOf = (p: number, q: number): number => {
    const k = key(p, q);
    let id = ids.get(k);
    if (id === undefined) {
      id = pairs.length;
      ids.set(k, id);
      pairs.push(p <= q ? [p, q] : [q, p]);
      edges.push([]);
    }
    return id;
  };
  idOf(0, 0);
  for (let id = 0; id < pairs.length; id++) {
    if (pairs.length > MAX_PRODUCT_STATES) return 'too-complex';
    const [p, q] = pairs[id];
    for (const [p2, waysP] of follow[p]) {
      for (const [q2, waysQ] of follow[q]) {
        if (p === q && q2 < p2) continue; // the mirror image of a pair already taken
        if (!intersects(sets[p2], sets[q2])) continue;
        const doubled = p === q && p2 === q2 && Math.min(waysP, waysQ) >= 2;
        edges[id].push({ to: idOf(p2, q2), doubled });
      }
    }
  }
  for (const component of stronglyConnected(edges)) {
    const members = new Set(component);
    const diagonal = component.some((id) => pairs[id][0] === pairs[id][1]);
    if (!diagonal) continue;
    const offDiagonal = component.some((id) => pairs[id][0] !== pairs[id][1]);
    const doubledInside = component.some((id) => edges[id].some((edge) => edge.doubled && members.has(edge.to)));
    if (offDiagonal || doubledInside) return 'exponential';
  }
  return 'safe';
}

/** Tarjan's algorithm without recursion: the components of size > 1 or with a self-loop. */
function stronglyConnected(edges: { to: number }[][]): number[][] {
  const count = edges.length;
  const index = new Array<number>(count).fill(-1);
  const low = new Array<number>(count).fill(0);
  const onStack = new Array<boolean>(count).fill(false);
  const stack: number[] = [];
  const components: number[][] = [];
  let next = 0;
  for (let root = 0; root < count; root++) {
    if (index[root] !== -1) continue;
    const work: [node: number, edge: number][] = [[root, 0]];
    index[root] = low[root] = next++;
    stack.push(root);
    onStack[root] = true;
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const [node, edge] = frame;
      if (edge < edges[node].length) {
        frame[1]++;
        const to = edges[node][edge].to;
        if (index[to] === -1) {
          index[to] = low[to] = next++;
          stack.push(to);
          onStack[to] = true;
          work.push([to, 0]);
        } else if (onStack[to]) low[node] = Math.min(low[node], index[to]);
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1][0];
        low[parent] = Math.min(low[parent], low[node]);
      }
      if (low[node] !== index[node]) continue;
      const component: number[] = [];
      let member: number;
      do {
        member = stack.pop() as number;
        onStack[member] = false;
        component.push(member);
      } while (member !== node);
      const looped = component.length > 1 || edges[node].some((e) => e.to === node);
      if (looped) components.push(component);
    }
  }
  return components;
}
