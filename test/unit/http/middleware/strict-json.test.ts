/** The strict JSON reader: JSON.parse's answers, except that a property named twice is refused. */
import fc from 'fast-check';
import { JsonSyntaxError, parseStrictJson } from '../../../../functions/http/middleware/strict-json';

test.each([
  ['a repeated amount', '{"amount":"-5.00","amount":"1.00"}'],
  ['a repeat spelled with an escape', '{"amount":"1.00","\\u0061mount":"2.00"}'],
  ['a repeat in a nested object', '{"plan":{"limit":"1.00","limit":"9.00"}}'],
  ['a repeat in an object inside an array', '[{"a":1},{"b":1,"b":2}]'],
])('%s is refused', (_what, text) => {
  expect(() => parseStrictJson(text)).toThrow(JsonSyntaxError);
  expect(() => parseStrictJson(text)).toThrow(/duplicate property/);
});

test('the same name in sibling objects is not a repeat', () => {
  expect(parseStrictJson('[{"a":1},{"a":2}]')).toEqual([{ a: 1 }, { a: 2 }]);
});

test('"__proto__" is an own property, as JSON.parse makes it, not a prototype', () => {
  const parsed = parseStrictJson('{"__proto__":{"isAdmin":true}}') as Record<string, unknown>;
  expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  expect(Object.keys(parsed)).toEqual(['__proto__']);
  expect((parsed as { isAdmin?: boolean }).isAdmin).toBeUndefined();
});

test('nesting deeper than 64 is refused before the stack is', () => {
  expect(() => parseStrictJson('['.repeat(10_000) + ']'.repeat(10_000))).toThrow(/nesting/);
  expect(parseStrictJson('['.repeat(60) + ']'.repeat(60))).toBeDefined();
});

test('any JSON text without repeats reads as JSON.parse reads it', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 6 }), fc.constantFrom(0, 2), (value, indent) => {
      const text = JSON.stringify(value, null, indent);
      expect(parseStrictJson(text)).toEqual(JSON.parse(text));
    }),
  );
});

test('text that JSON.parse refuses is refused too', () => {
  const broken = ['', ' ', '{', '{"a":}', '{"a":1,}', '[1,]', '01', '1.', '.5', '+1', '"\\x"', '"\u0001"', "{'a':1}", 'tru', 'nul', '{"a" 1}', '1 2', 'NaN', '[1 2]'];
  for (const text of broken) expect(() => parseStrictJson(text)).toThrow(JsonSyntaxError);
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '1', 'a', ' ', '\\', '-', '.', 'e', 't', 'n') }), (text) => {
      let expected: unknown;
      try {
        expected = JSON.parse(text);
      } catch {
        expect(() => parseStrictJson(text)).toThrow(JsonSyntaxError);
        return;
      }
      // JSON.parse accepted it: ours agrees unless an object names a key twice.
      try {
        expect(parseStrictJson(text)).toEqual(expected);
      } catch (error) {
        expect(String(error)).toMatch(/duplicate property/);
      }
    }),
    { numRuns: 2000 },
  );
});
