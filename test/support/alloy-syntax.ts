/** A component block of an Alloy configuration: `loki.write "name" { … }`. */
export interface AlloyComponent {
  /** e.g. `loki.write` */
  kind: string;
  label: string;
  body: string;
}

/**
 * The component blocks of an Alloy configuration (its syntax, formerly River), read the way
 * Alloy's own parser tokenises: `//` and `/* … *\/` comments and string literals (with `\`
 * escapes) skipped, `{}`, `[]`, `()` balanced. No Alloy binary installs here (npm or Debian),
 * so this is the syntax check; which components exist and what they accept is not checked.
 * Throws, naming the line, on anything unbalanced or a top-level statement that is not a block.
 */
export function alloyComponents(source: string): AlloyComponent[] {
  // Comments out (strings kept), so that a brace inside either cannot count.
  let code = '';
  let line = 1;
  const stack: { char: string; line: number }[] = [];
  const pairs: Record<string, string> = { '}': '{', ']': '[', ')': '(' };
  for (let i = 0; i < source.length; i += 1) {
    const char = source[i];
    if (char === '\n') line += 1;
    if (char === '/' && source[i + 1] === '/') {
      while (i < source.length && source[i] !== '\n') i += 1;
      i -= 1;
      continue;
    }
    if (char === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      if (end < 0) throw new Error(`line ${line}: unterminated comment`);
      line += source.slice(i, end).split('\n').length - 1;
      i = end + 1;
      continue;
    }
    if (char === '"') {
      let j = i + 1;
      while (j < source.length && source[j] !== '"') {
        if (source[j] === '\n') throw new Error(`line ${line}: unterminated string`);
        j += source[j] === '\\' ? 2 : 1;
      }
      if (j >= source.length) throw new Error(`line ${line}: unterminated string`);
      code += source.slice(i, j + 1);
      i = j;
      continue;
    }
    if ('{[('.includes(char)) stack.push({ char, line });
    if (char in pairs) {
      const open = stack.pop();
      if (open?.char !== pairs[char]) throw new Error(`line ${line}: ${char} does not close ${open ? `${open.char} of line ${open.line}` : 'anything'}`);
    }
    code += char;
  }
  if (stack.length > 0) throw new Error(`line ${stack[0].line}: ${stack[0].char} is never closed`);
  const components: AlloyComponent[] = [];
  let rest = code.trim();
  while (rest !== '') {
    const head = /^([a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)+)\s+"([^"]+)"\s*\{/.exec(rest);
    if (!head) throw new Error(`not a component block: ${rest.slice(0, 60)}`);
    let depth = 0;
    let end = head[0].length - 1;
    for (; end < rest.length; end += 1) {
      if (rest[end] === '"') {
        end += 1;
        while (rest[end] !== '"') end += rest[end] === '\\' ? 2 : 1;
      } else if (rest[end] === '{') depth += 1;
      else if (rest[end] === '}' && --depth === 0) break;
    }
    components.push({ kind: head[1], label: head[2], body: rest.slice(head[0].length, end) });
    rest = rest.slice(end + 1).trim();
  }
  return components;
}
