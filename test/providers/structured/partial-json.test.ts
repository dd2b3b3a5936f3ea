import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePartialJson } from '../../../src/providers/structured/partial-json.js';
import { extendsValue } from '../../../src/providers/structured/stream-object.js';

describe('parsePartialJson', () => {
  it('every prefix of a JSON text parses, never shrinks, and the whole text is the value', () => {
    fc.assert(
      // Answers are objects or arrays (a scalar root is wrapped as { value }).
      fc.property(
        fc.oneof(
          fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })),
          fc.array(fc.jsonValue({ maxDepth: 3 })),
        ),
        fc.boolean(),
        (value, pretty) => {
          const text = pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value);
          let previous: unknown;
          for (let end = 1; end <= text.length; end++) {
            const parsed = parsePartialJson(text.slice(0, end));
            if (parsed === undefined) return false; // a prefix of valid JSON is never a syntax error
            if (parsed.value !== undefined) {
              if (!extendsValue(previous, parsed.value)) return false;
              previous = parsed.value;
            }
          }
          const whole = parsePartialJson(text);
          return whole?.complete === true && JSON.stringify(whole.value) === JSON.stringify(value);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('keeps a "__proto__" key as an own property, as JSON.parse does (never the prototype)', () => {
    const text = '{"__proto__":{"polluted":true},"a":1}';
    const parsed = parsePartialJson(text);
    expect(parsed?.complete).toBe(true);
    const value = parsed?.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(JSON.stringify(value)).toBe(JSON.stringify(JSON.parse(text)));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const prefix = parsePartialJson('{"__proto__":{"polluted":tr')?.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(prefix)).toBe(Object.prototype);
  });

  it('holds back numbers and literals until they end, keeps open strings', () => {
    expect(parsePartialJson('{"a": 12')).toEqual({ value: {}, complete: false, openPath: ['a'] });
    expect(parsePartialJson('{"a": 12,')?.value).toEqual({ a: 12 });
    expect(parsePartialJson('{"a": tr')?.value).toEqual({});
    expect(parsePartialJson('{"a": "Hel')).toEqual({ value: { a: 'Hel' }, complete: false, openPath: ['a'] });
    expect(parsePartialJson('{"a": "x\\u00')?.value).toEqual({ a: 'x' });
    expect(parsePartialJson('{"list": [1, 2, {"b"')?.value).toEqual({ list: [1, 2, {}] });
    expect(parsePartialJson('{"ke')?.value).toEqual({});
  });

  it('skips prose and a fence before the object, rejects broken JSON', () => {
    expect(parsePartialJson('Here it is:\n```json\n{"a": 1}\n```')).toMatchObject({
      value: { a: 1 },
      complete: true,
    });
    expect(parsePartialJson('{"a": 1 "b": 2}')).toBeUndefined();
    expect(parsePartialJson('{"a": nope}')).toBeUndefined();
  });
});

describe('extendsValue', () => {
  it('lets strings grow at the end and containers gain entries, nothing else', () => {
    expect(extendsValue({ a: 'He' }, { a: 'Hello', b: [1] })).toBe(true);
    expect(extendsValue({ a: 'He' }, { a: 'Ha' })).toBe(false);
    expect(extendsValue([1, 2], [1])).toBe(false);
    expect(extendsValue({ a: 1 }, {})).toBe(false);
    expect(extendsValue({ a: 1 }, { a: 2 })).toBe(false);
  });
});
