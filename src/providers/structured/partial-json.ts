/**
 * A tolerant parser for a JSON text that is still arriving: what has been
 * written so far, minus anything that could still change meaning (a number
 * or `true`/`false`/`null` not yet closed, an object key without its value).
 * An unterminated string is kept as far as it goes.
 *
 * @internal Used by `streamObject`.
 */

/** What a prefix of a JSON text holds so far. */
export interface PartialJson {
  /** The value so far (`undefined` when nothing usable arrived yet). */
  readonly value: unknown;
  /** True when the text is one complete JSON value. */
  readonly complete: boolean;
  /** Path of the innermost value still open at the end of the text (`undefined` when complete). */
  readonly openPath: (string | number)[] | undefined;
}

const LITERALS: ReadonlyArray<[string, unknown]> = [
  ['true', true],
  ['false', false],
  ['null', null],
];

class InvalidJson extends Error {}

class Parser {
  private pos = 0;
  openPath: (string | number)[] | undefined;

  constructor(private readonly text: string) {}

  private ws(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] as string)) this.pos++;
  }

  private atEnd(path: (string | number)[]): boolean {
    this.ws();
    if (this.pos < this.text.length) return false;
    this.openPath ??= path;
    return true;
  }

  /** `undefined` when no usable value arrived yet. */
  value(path: (string | number)[]): { value: unknown } | undefined {
    if (this.atEnd(path)) return undefined;
    const ch = this.text[this.pos];
    if (ch === '{') return { value: this.object(path) };
    if (ch === '[') return { value: this.array(path) };
    if (ch === '"') {
      const text = this.string(path);
      return text === undefined ? undefined : { value: text };
    }
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return this.number(path);
    for (const [word, literal] of LITERALS) {
      const rest = this.text.slice(this.pos, this.pos + word.length);
      if (rest === word) {
        this.pos += word.length;
        return { value: literal };
      }
      if (this.pos + rest.length === this.text.length && word.startsWith(rest)) {
        this.pos = this.text.length;
        this.openPath ??= path;
        return undefined;
      }
    }
    throw new InvalidJson(`unexpected character at ${this.pos}`);
  }

  private object(path: (string | number)[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.pos++; // {
    let first = true;
    while (true) {
      if (this.atEnd(path)) return out;
      if (this.text[this.pos] === '}') {
        this.pos++;
        return out;
      }
      if (!first) {
        if (this.text[this.pos] !== ',') throw new InvalidJson(`expected "," at ${this.pos}`);
        this.pos++;
        if (this.atEnd(path)) return out;
      }
      first = false;
      if (this.text[this.pos] !== '"') throw new InvalidJson(`expected a key at ${this.pos}`);
      const key = this.string(path);
      if (key === undefined || this.pos >= this.text.length) {
        // The key itself is not finished: nothing of this property is usable yet.
        this.openPath = path;
        return out;
      }
      if (this.atEnd(path)) return out;
      if (this.text[this.pos] !== ':') throw new InvalidJson(`expected ":" at ${this.pos}`);
      this.pos++;
      const item = this.value([...path, key]);
      // An own property, as JSON.parse makes it: `__proto__` must not set the prototype.
      if (item !== undefined)
        Object.defineProperty(out, key, {
          value: item.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      if (this.pos >= this.text.length) {
        this.openPath ??= path;
        return out;
      }
    }
  }

  private array(path: (string | number)[]): unknown[] {
    const out: unknown[] = [];
    this.pos++; // [
    let first = true;
    while (true) {
      if (this.atEnd(path)) return out;
      if (this.text[this.pos] === ']') {
        this.pos++;
        return out;
      }
      if (!first) {
        if (this.text[this.pos] !== ',') throw new InvalidJson(`expected "," at ${this.pos}`);
        this.pos++;
      }
      first = false;
      const item = this.value([...path, out.length]);
      if (item !== undefined) out.push(item.value);
      if (this.pos >= this.text.length) {
        this.openPath ??= path;
        return out;
      }
    }
  }

  /** The string at `pos`; an unterminated one is cut before any unfinished escape and marks `path` open. */
  private string(path: (string | number)[]): string | undefined {
    let end = this.pos + 1;
    let safe = end;
    while (end < this.text.length) {
      const ch = this.text[end];
      if (ch === '"') {
        const raw = this.text.slice(this.pos, end + 1);
        this.pos = end + 1;
        try {
          return JSON.parse(raw) as string;
        } catch {
          throw new InvalidJson(`bad string at ${this.pos}`);
        }
      }
      if (ch === '\\') {
        const next = this.text[end + 1];
        const width = next === 'u' ? 6 : 2;
        if (end + width > this.text.length) break;
        end += width;
      } else {
        end++;
      }
      safe = end;
    }
    const raw = `${this.text.slice(this.pos, safe)}"`;
    this.pos = this.text.length;
    this.openPath ??= path;
    try {
      return JSON.parse(raw) as string;
    } catch {
      throw new InvalidJson('bad string');
    }
  }

  private number(path: (string | number)[]): { value: unknown } | undefined {
    const rest = this.text.slice(this.pos);
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(rest);
    const length = match?.[0].length ?? 0;
    if (/^-?\d*(?:\.\d*)?(?:[eE][+-]?\d*)?$/.test(rest)) {
      // The number may go on: wait for the character that ends it.
      this.pos = this.text.length;
      this.openPath ??= path;
      return undefined;
    }
    if (length === 0) throw new InvalidJson(`bad number at ${this.pos}`);
    const value = Number(this.text.slice(this.pos, this.pos + length));
    this.pos += length;
    return { value };
  }
}

/**
 * Parses a JSON prefix. Returns `undefined` when the text cannot become JSON
 * (a syntax error, or text after the value).
 */
export function parsePartialJson(text: string): PartialJson | undefined {
  const start = text.search(/[{[]/);
  if (start < 0) return { value: undefined, complete: false, openPath: [] };
  // Text before the first bracket ("Here is the JSON:", a ```json fence) is skipped.
  const parser = new Parser(text.slice(start));
  try {
    const result = parser.value([]);
    if (parser.openPath !== undefined) {
      return { value: result?.value, complete: false, openPath: parser.openPath };
    }
    // Text after a complete value (a closing fence) is ignored here; the final parse judges it.
    return { value: result?.value, complete: true, openPath: undefined };
  } catch (error) {
    if (error instanceof InvalidJson) return undefined;
    throw error;
  }
}
