// How deeply a TOML text nests tables, dotted keys, arrays and inline tables, judged from
// the text before any parser sees it: a 6000-segment dotted key parses, but every recursive
// walk after it (validation, canonical form, JSON) would overflow the stack.

/** Nesting allowed in blvm.toml and module.toml; real files stay below 10. */
export const MAX_TOML_DEPTH = 64;

interface Frame {
  close: ']' | '}';
  /** Nesting level of this array or inline table (the root table is level 0). */
  depth: number;
  /** Inline tables only: reading a key (before its `=`), and the dots seen in it. */
  inKey: boolean;
  keyDots: number;
}

/** Index just past the string starting at `start`, and the newlines inside it. */
function skipString(text: string, start: number): { end: number; newlines: number } {
  const quote = text[start];
  const triple = text.startsWith(quote.repeat(3), start);
  let i = start + (triple ? 3 : 1);
  let newlines = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && quote === '"') i += 2;
    else if (triple && text.startsWith(quote.repeat(3), i)) return { end: i + 3, newlines };
    else if (!triple && (c === quote || c === '\n')) return { end: i + 1, newlines };
    else {
      if (c === '\n') newlines++;
      i++;
    }
  }
  return { end: i, newlines };
}

/** The first line where nesting goes deeper than `max` levels, or undefined. */
export function tomlNestingProblem(text: string, max = MAX_TOML_DEPTH): { line: number } | undefined {
  const frames: Frame[] = [];
  let line = 1;
  let tableDepth = 0;
  let statementStart = true;
  let inKey = true;
  let keyDots = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const top = frames[frames.length - 1];
    if (c === '\n') {
      line++;
      i++;
      if (top === undefined) [statementStart, inKey, keyDots] = [true, true, 0];
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      const skipped = skipString(text, i);
      if (skipped.newlines > 0) line += skipped.newlines;
      i = skipped.end;
      statementStart = false;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (top === undefined && statementStart && c === '[') {
      const arrayOfTables = text[i + 1] === '[';
      let dots = 0;
      for (i += arrayOfTables ? 2 : 1; i < text.length && text[i] !== ']' && text[i] !== '\n'; ) {
        if (text[i] === '"' || text[i] === "'") i = skipString(text, i).end;
        else if (text[i++] === '.') dots++;
      }
      tableDepth = dots + 1 + (arrayOfTables ? 1 : 0);
      if (tableDepth > max) return { line };
      [statementStart, inKey] = [false, false];
      while (i < text.length && text[i] === ']') i++;
    } else {
      statementStart = false;
      const keyMode = top === undefined ? inKey : top.inKey;
      // Level of the deepest table the current key creates; a container value sits one deeper.
      const base = top === undefined ? tableDepth + keyDots : top.depth + (top.close === '}' ? top.keyDots : 0);
      if (keyMode && c === '.') {
        if (top === undefined) keyDots++;
        else top.keyDots++;
      } else if (keyMode && c === '=') {
        if (base > max) return { line };
        if (top === undefined) inKey = false;
        else top.inKey = false;
      } else if (!keyMode && (c === '[' || c === '{')) {
        if (base + 1 > max) return { line };
        frames.push({ close: c === '[' ? ']' : '}', depth: base + 1, inKey: c === '{', keyDots: 0 });
      } else if (c === ']' || c === '}') {
        frames.pop();
      } else if (!keyMode && c === ',' && top?.close === '}') {
        [top.inKey, top.keyDots] = [true, 0];
      }
      i++;
    }
  }
  return undefined;
}
