/**
 * The Python `Genotype(...)` literal that reference code prints and users paste, shared by the
 * `python` (2-tuples) and `fairdarts` (3-tuples) formats.
 *
 * Accepted: an optional assignment (`DARTS_V2 = `), an optional `Genotype` callee, the argument
 * list with or without its parentheses, keyword or positional arguments (positional in the
 * namedtuple's field order), concat as a list or `range(stop)` / `range(start, stop)`, either
 * quote style, trailing commas, `#` comments and any whitespace. Edge tuples are
 * `(op, input)` or, FairDARTS-style, `(op, to_node, from_node)`; one cell uses one kind. Either may
 * end with an Att-DARTS attention module name (`'CBAM'`, or `''` for none), and Att-DARTS's extra
 * `normal_bottleneck` / `reduce_bottleneck` fields are accepted when empty.
 */
import { GENOTYPE_LIMITS } from '../../../shared/genotype-limits';
import { GenotypeParseError, positionAt } from '../errors';
import { compactCell } from '../model';
import type { CellType, Genotype, GenotypeEdge } from '../model';
import { checkGenotypeText, genotypeIssues } from '../validate';

type TokenKind = 'name' | 'string' | 'int' | 'punct' | 'end';

interface Token {
  kind: TokenKind;
  /** Source text; the quoted content for strings. */
  text: string;
  start: number;
  end: number;
}

const FIELDS = ['normal', 'normal_concat', 'reduce', 'reduce_concat'] as const;
const BOTTLENECKS: readonly string[] = ['normal_bottleneck', 'reduce_bottleneck'];
type Field = (typeof FIELDS)[number];

interface Span {
  start: number;
  end: number;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  function fail(reason: string, at: number, token: string): never {
    throw new GenotypeParseError(reason, positionAt(text, at), token);
  }
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === "'" || c === '"') {
      const close = text.indexOf(c, i + 1);
      const newline = text.indexOf('\n', i + 1);
      if (close < 0 || (newline >= 0 && newline < close)) fail('unterminated string', i, text.slice(i, newline < 0 ? undefined : newline));
      tokens.push({ kind: 'string', text: text.slice(i + 1, close), start: i, end: close + 1 });
      i = close + 1;
    } else {
      const word = /^(?:[A-Za-z_]\w*|\d+|[()[\],=;])/.exec(text.slice(i));
      if (!word) fail('unexpected character', i, c);
      const w = word[0];
      const kind: TokenKind = /^\d/.test(w) ? 'int' : /^\w/.test(w) ? 'name' : 'punct';
      tokens.push({ kind, text: w, start: i, end: i + w.length });
      i += w.length;
    }
  }
  tokens.push({ kind: 'end', text: '', start: text.length, end: text.length });
  return tokens;
}

/** A parsed value with where it was written: `spans[i]` for item i, `whole` for the value. */
interface Located<T> {
  items: T[];
  spans: Span[];
  whole: Span;
}

class Parser {
  private readonly tokens: Token[];
  private pos = 0;

  constructor(private readonly text: string) {
    this.tokens = tokenize(text);
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)];
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'end') this.pos++;
    return t;
  }

  private fail(reason: string, token = this.peek()): never {
    throw new GenotypeParseError(reason, positionAt(this.text, token.start), token.text);
  }

  private failSpan(reason: string, span: Span): never {
    throw new GenotypeParseError(reason, positionAt(this.text, span.start), this.text.slice(span.start, span.end));
  }

  private accept(text: string): boolean {
    const t = this.peek();
    if (t.kind === 'string' || t.text !== text) return false;
    this.pos++;
    return true;
  }

  private expect(text: string, what = `'${text}'`): Token {
    const t = this.peek();
    if (t.kind === 'string' || t.text !== text) this.fail(`expected ${what}`);
    return this.next();
  }

  private int(what: string): number {
    if (this.peek().kind !== 'int') this.fail(`expected ${what} (a non-negative integer)`);
    return Number(this.next().text);
  }

  /** `item (',' item)* [','] close`, where close ends the list. */
  private sequence(close: string, item: () => void): void {
    while (!this.accept(close)) {
      item();
      if (!this.accept(',')) {
        this.expect(close, `',' or '${close}'`);
        return;
      }
    }
  }

  parseDocument(): Genotype {
    const first = this.peek();
    const isField = (FIELDS as readonly string[]).includes(first.text);
    if (first.kind === 'name' && !isField && this.peek(1).text === '=') this.pos += 2;
    if (this.peek().kind === 'name' && this.peek(1).text === '(') {
      if (this.peek().text !== 'Genotype') this.fail("expected 'Genotype'");
      this.pos++;
    }
    const parenthesized = this.accept('(');
    const args = this.argumentList(parenthesized ? ')' : '');
    const argsEnd = this.tokens[this.pos - 1];
    this.accept(';');
    if (this.peek().kind !== 'end') this.fail('expected end of text after the genotype');
    return this.build(args, argsEnd);
  }

  private argumentList(close: string): Map<Field, Located<GenotypeEdge> | Located<number>> {
    const args = new Map<Field, Located<GenotypeEdge> | Located<number>>();
    let keywords = false;
    const argument = () => {
      const at = this.peek();
      let field: Field;
      // Att-DARTS's namedtuple adds normal_bottleneck / reduce_bottleneck: attention after the
      // whole cell, '' in its per-edge setting (the only one supported here).
      if (at.kind === 'name' && BOTTLENECKS.includes(at.text) && this.peek(1).text === '=') {
        this.pos += 2;
        return this.emptyBottleneck();
      }
      if (!keywords && args.size >= FIELDS.length && at.kind === 'string') return this.emptyBottleneck();
      if (at.kind === 'name' && this.peek(1).text === '=') {
        if (!(FIELDS as readonly string[]).includes(at.text)) this.fail(`unknown field, expected one of ${FIELDS.join(', ')}`);
        field = at.text as Field;
        this.pos += 2;
        keywords = true;
      } else {
        if (keywords) this.fail('positional argument after keyword arguments');
        if (args.size >= FIELDS.length) this.fail('too many arguments');
        field = FIELDS[args.size];
      }
      if (args.has(field)) this.fail(`${field} given twice`, at);
      args.set(field, field.endsWith('_concat') ? this.concat() : this.cell());
    };
    if (close === '') {
      argument();
      while (this.accept(',') && this.peek().kind !== 'end' && this.peek().text !== ';') argument();
    } else {
      this.sequence(close, argument);
    }
    return args;
  }

  private emptyBottleneck(): void {
    const t = this.peek();
    if (t.kind !== 'string') this.fail('expected a quoted attention name for the bottleneck');
    if (t.text !== '') this.fail('attention after the whole cell (an Att-DARTS bottleneck) is not supported; only per-edge attention is', t);
    this.pos++;
  }

  /** Ends the span of a value opened at `open` with the last token consumed. */
  private spanFrom(open: Token): Span {
    return { start: open.start, end: this.tokens[this.pos - 1].end };
  }

  private cell(): Located<GenotypeEdge> {
    const cell: Located<GenotypeEdge> = { items: [], spans: [], whole: { start: 0, end: 0 } };
    const open = this.expect('[', "'[' opening the edge list");
    let arity = 0;
    this.sequence(']', () => {
      const tuple = this.expect('(', "'(' opening an edge tuple");
      if (this.peek().kind !== 'string') this.fail('expected the op name as a quoted string');
      const op = this.next().text;
      this.expect(',');
      const numbers = [this.int('an input index')];
      let attention = '';
      let more = this.accept(',');
      if (more && this.peek().kind === 'int') {
        numbers.push(this.int('a from-node index'));
        more = this.accept(',');
      }
      // Att-DARTS tuples end with the edge's attention module, '' for none: ('sep_conv_3x3', 0, 'CBAM').
      if (more && this.peek().kind === 'string') {
        attention = this.next().text;
        this.accept(',');
      }
      this.expect(')', `')' closing the edge tuple`);
      const span = this.spanFrom(tuple);
      if (arity !== 0 && numbers.length !== arity) this.failSpan('edge tuples of one cell must all have 2 or all have 3 elements', span);
      arity = numbers.length;
      // FairDARTS tuples are (op, to_node, from_node); to_node counts states, so 2 is the first
      // intermediate node, matching `node` here (see fairdarts.ts).
      const edge: GenotypeEdge = numbers.length === 1 ? { op, input: numbers[0] } : { op, input: numbers[1], node: numbers[0] };
      cell.items.push(attention === '' ? edge : { ...edge, attention });
      cell.spans.push(span);
    });
    cell.whole = this.spanFrom(open);
    return cell;
  }

  private concat(): Located<number> {
    const open = this.peek();
    if (open.text === 'range' && open.kind === 'name') {
      this.pos++;
      this.expect('(');
      const a = this.int('a range bound');
      const b = this.accept(',') && this.peek().kind === 'int' ? this.int('a range bound') : undefined;
      this.accept(',');
      this.expect(')', "')' closing range(...)");
      const [lo, hi] = b === undefined ? [0, a] : [a, b];
      const whole = this.spanFrom(open);
      if (hi <= lo) this.failSpan('empty range', whole);
      if (hi - lo > GENOTYPE_LIMITS.concat) this.failSpan(`range of ${hi - lo} states; a concat has at most ${GENOTYPE_LIMITS.concat}`, whole);
      const items = Array.from({ length: hi - lo }, (_, k) => lo + k);
      return { items, spans: items.map(() => whole), whole };
    }
    const concat: Located<number> = { items: [], spans: [], whole: { start: 0, end: 0 } };
    this.expect('[', "'[' or 'range(' for the concat");
    this.sequence(']', () => {
      const t = this.peek();
      concat.items.push(this.int('a state index'));
      concat.spans.push({ start: t.start, end: t.end });
    });
    concat.whole = this.spanFrom(open);
    return concat;
  }

  /** `argsEnd` (the closing parenthesis or last argument token) is where a missing field is reported. */
  private build(args: Map<Field, Located<GenotypeEdge> | Located<number>>, argsEnd: Token): Genotype {
    for (const field of FIELDS) if (!args.has(field)) this.fail(`missing ${field}`, argsEnd);
    const cell = (f: Field) => args.get(f) as Located<GenotypeEdge>;
    const concat = (f: Field) => args.get(f) as Located<number>;
    // Keyed like the model, so a validation issue's path finds where its value was written.
    const located = {
      normal: cell('normal'),
      normalConcat: concat('normal_concat'),
      reduce: cell('reduce'),
      reduceConcat: concat('reduce_concat'),
    };
    const genotype: Genotype = {
      normal: located.normal.items,
      normalConcat: located.normalConcat.items,
      reduce: located.reduce.items,
      reduceConcat: located.reduceConcat.items,
    };
    const issue = genotypeIssues(genotype)[0];
    if (issue) {
      const [key, index] = issue.path as [keyof typeof located, number];
      this.failSpan(issue.message, located[key].spans[index] ?? located[key].whole);
    }
    return { ...genotype, normal: compactCell(genotype.normal), reduce: compactCell(genotype.reduce) };
  }
}

export function parsePythonGenotype(text: string): Genotype {
  checkGenotypeText(text);
  return new Parser(text).parseDocument();
}

/** Prints `Genotype(normal=[...], normal_concat=..., reduce=[...], reduce_concat=...)`. */
export function printPythonGenotype(
  g: Genotype,
  edge: (cell: GenotypeEdge[]) => string[],
  concat: (values: number[]) => string,
): string {
  const cell = (type: CellType) => `[${edge(g[type]).join(', ')}]`;
  return (
    `Genotype(normal=${cell('normal')}, normal_concat=${concat(g.normalConcat)}, ` +
    `reduce=${cell('reduce')}, reduce_concat=${concat(g.reduceConcat)})`
  );
}

export const printList = (values: number[]): string => `[${values.join(', ')}]`;
