/**
 * JSON.parse, but an object that names a key twice is an error instead of "the last one
 * wins": `{"amount":"-5.00","amount":"1.00"}` must not reach validation as ¥1.00 after
 * a proxy or a log line has shown -5.00 (RFC 8259 §4 leaves duplicates undefined).
 * A small recursive-descent reader; strings and numbers are decoded by JSON.parse on
 * their own token, so escapes and number syntax are exactly the standard's. Nesting
 * deeper than `maxDepth` is refused before it can exhaust the stack.
 */
export class JsonSyntaxError extends Error {}

const maxDepth = 64;
const whitespace = new Set([' ', '\t', '\n', '\r']);
const numberToken = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const stringToken = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

export function parseStrictJson(text: string): unknown {
  let at = 0;
  const fail = (what: string): never => {
    throw new JsonSyntaxError(`${what} at position ${at}`);
  };
  const skipWhitespace = () => {
    while (at < text.length && whitespace.has(text[at]!)) at += 1;
  };
  const token = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match) return undefined;
    at += match[0].length;
    return match[0];
  };
  const literal = (word: string, value: unknown) => {
    if (!text.startsWith(word, at)) fail('unexpected token');
    at += word.length;
    return value;
  };
  const string = (): string => JSON.parse(token(stringToken) ?? fail('malformed string')) as string;
  const expect = (char: string) => {
    skipWhitespace();
    if (text[at] !== char) fail(`expected ${char}`);
    at += 1;
  };

  const value = (depth: number): unknown => {
    if (depth > maxDepth) fail(`nesting deeper than ${maxDepth}`);
    skipWhitespace();
    switch (text[at]) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string();
      case 't':
        return literal('true', true);
      case 'f':
        return literal('false', false);
      case 'n':
        return literal('null', null);
      default:
        return JSON.parse(token(numberToken) ?? fail('unexpected token'));
    }
  };

  const object = (depth: number): Record<string, unknown> => {
    at += 1;
    const result: Record<string, unknown> = {};
    const seen = new Set<string>();
    skipWhitespace();
    if (text[at] === '}') {
      at += 1;
      return result;
    }
    for (;;) {
      skipWhitespace();
      if (text[at] !== '"') fail('expected a property name');
      const key = string();
      if (seen.has(key)) fail(`duplicate property ${JSON.stringify(key.slice(0, 40))}`);
      seen.add(key);
      expect(':');
      // As JSON.parse does: an own data property, even for "__proto__".
      Object.defineProperty(result, key, { value: value(depth + 1), enumerable: true, writable: true, configurable: true });
      skipWhitespace();
      if (text[at] === '}') {
        at += 1;
        return result;
      }
      expect(',');
    }
  };

  const array = (depth: number): unknown[] => {
    at += 1;
    const result: unknown[] = [];
    skipWhitespace();
    if (text[at] === ']') {
      at += 1;
      return result;
    }
    for (;;) {
      result.push(value(depth + 1));
      skipWhitespace();
      if (text[at] === ']') {
        at += 1;
        return result;
      }
      expect(',');
    }
  };

  const parsed = value(0);
  skipWhitespace();
  if (at !== text.length) fail('unexpected data after the JSON value');
  return parsed;
}
