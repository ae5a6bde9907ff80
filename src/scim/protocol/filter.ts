import { parseFilter as parseTokens, tokenizer, Tokens, type Token } from 'scim2-parse-filter/lib/src/parser';
import { ScimProtocolError } from './scim-error';

/** RFC 7644 §3.4.2.2 attribute operators; operator names are case-insensitive and arrive here lower-cased. */
export type CompareOperator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';
export type FilterValue = string | number | boolean | null;

/**
 * A parsed filter. `attrPath` is the text as sent (URN-qualified or not, any case, with `.subAttr`);
 * resolving it against a resource's attributes is the translator's job. The shape is the one
 * scim2-parse-filter produces.
 */
export type ScimFilter =
  | { op: 'and' | 'or'; filters: ScimFilter[] }
  | { op: 'not'; filter: ScimFilter }
  | { op: CompareOperator; attrPath: string; compValue: FilterValue }
  | { op: 'pr'; attrPath: string }
  | { op: '[]'; attrPath: string; valFilter: ScimFilter };

export interface FilterLimits {
  /** Characters of filter text. */
  maxLength: number;
  /** Nodes of the tree: every and/or/not/[] and every comparison counts one. */
  maxNodes: number;
  /** Nesting of and/or/not/[]; a lone comparison has depth 1. */
  maxDepth: number;
}

export const FILTER_LIMITS: Readonly<FilterLimits> = Object.freeze({ maxLength: 4096, maxNodes: 50, maxDepth: 10 });

const COMPARE_OPERATORS = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);

function invalidFilter(detail: string): ScimProtocolError {
  return new ScimProtocolError(400, 'invalidFilter', detail);
}

function excerpt(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * Parses a SCIM filter (RFC 7644 §3.4.2.2) with scim2-parse-filter, or throws 400 invalidFilter.
 * The library's tokenizer and parser are used as they are; the token list is repaired in between
 * (see `repairTokens`) for three things it gets wrong.
 */
export function parseFilter(text: string, limits: Partial<FilterLimits> = {}): ScimFilter {
  const { maxLength } = { ...FILTER_LIMITS, ...limits };
  if (typeof text !== 'string' || text.trim() === '') throw invalidFilter('The filter is empty.');
  if (text.length > maxLength) throw invalidFilter(`The filter is ${text.length} characters long; at most ${maxLength} are accepted.`);

  let ast: ScimFilter;
  try {
    const tokens = new Tokens(repairTokens(tokenizer(text)));
    ast = parseTokens(tokens) as ScimFilter;
    const rest = tokens.peek();
    if (rest.type !== 'EOT') throw new Error(`unexpected EOT: "${rest.literal}"`);
  } catch (error) {
    if (error instanceof ScimProtocolError) throw error;
    throw invalidFilter(`The filter "${excerpt(text)}" is not valid (RFC 7644 §3.4.2.2): ${explain(error)}.`);
  }
  checkFilterComplexity(ast, limits);
  return ast;
}

/** Throws 400 invalidFilter when the tree is larger or deeper than the limits allow. */
export function checkFilterComplexity(ast: ScimFilter, limits: Partial<FilterLimits> = {}): void {
  const { maxNodes, maxDepth } = { ...FILTER_LIMITS, ...limits };
  let nodes = 0;
  const visit = (node: ScimFilter, depth: number): void => {
    nodes += 1;
    if (nodes > maxNodes) throw invalidFilter(`The filter has more than ${maxNodes} terms; split it into simpler requests.`);
    if (depth > maxDepth) throw invalidFilter(`The filter nests deeper than ${maxDepth} levels.`);
    if (node.op === 'and' || node.op === 'or') for (const child of node.filters) visit(child, depth + 1);
    else if (node.op === 'not') visit(node.filter, depth + 1);
    else if (node.op === '[]') visit(node.valFilter, depth + 1);
  };
  visit(ast, 1);
}

/**
 * Fixes the library's token list before its parser runs:
 * 1. Quoted strings: its tokenizer doubles every backslash not followed by `"`, so JSON escapes such as
 *    `\\` and `\u00e9` come out literally (or, for a string ending in `\\`, not at all). Restore the text as sent;
 *    RFC 7644 §3.4.2.2 makes compValue a JSON string, decoded by the library's JSON.parse.
 * 2. `true`, `false`, `null` in any case: ABNF literals are case-insensitive (RFC 5234 §2.3).
 * 3. Entra's `emails[type eq "work"].value eq "x"`: the library turns it into
 *    `emails[type eq "work"] and emails.value eq "x"`, which a user with a work address and another address x
 *    would match. Rewrite it to `emails[(type eq "work") and value eq "x"]`: both conditions on one value.
 */
function repairTokens(tokens: Token[]): Token[] {
  const repaired = tokens.map((token, i): Token => {
    if (token.type === 'Quoted') return { type: 'Quoted', literal: `"${unmangleQuoted(token.literal.slice(1, -1))}"` };
    const previous = tokens[i - 1];
    if (token.type === 'Word' && /^(true|false|null)$/i.test(token.literal) && previous?.type === 'Word' && COMPARE_OPERATORS.has(previous.literal.toLowerCase()))
      return { type: 'Word', literal: token.literal.toLowerCase() };
    return token;
  });
  return rewriteValuePathSubAttributes(repaired);
}

/** Undoes the library's backslash doubling: `\\` was one backslash, `\"` stays, a final `\` was one backslash. */
function unmangleQuoted(inner: string): string {
  return inner.replace(/\\(\\|"|$)/g, (_match, next: string) => (next === '"' ? '\\"' : '\\'));
}

function rewriteValuePathSubAttributes(tokens: Token[]): Token[] {
  const out = [...tokens];
  for (let close = 0; close < out.length; close += 1) {
    if (!(out[close].type === 'Bracket' && out[close].literal === '].')) continue;
    const sub = out[close + 1];
    const operator = out[close + 2];
    if (sub?.type !== 'Word' || operator?.type !== 'Word') continue;
    const op = operator.literal.toLowerCase();
    const takesValue = COMPARE_OPERATORS.has(op);
    if (!takesValue && op !== 'pr') continue;
    let open = close - 1;
    while (open >= 0 && !(out[open].type === 'Bracket' && out[open].literal === '[')) open -= 1;
    if (open < 0) continue;
    const tail = takesValue ? [sub, operator, out[close + 3] ?? { type: 'EOT', literal: '' }] : [sub, operator];
    const replacement: Token[] = [
      { type: 'Bracket', literal: '(' },
      ...out.slice(open + 1, close),
      { type: 'Bracket', literal: ')' },
      { type: 'Word', literal: 'and' },
      ...tail,
      { type: 'Bracket', literal: ']' },
    ];
    out.splice(open + 1, close - open + tail.length, ...replacement);
    close = open + replacement.length;
  }
  return out;
}

/** Turns the library's terse messages into something an IdP administrator can act on. */
function explain(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof RangeError) return 'it nests too deeply';
  let m: RegExpMatchArray | null;
  if ((m = message.match(/^unexpected token (.*)$/s))) return `unexpected character(s) at "${excerpt(m[1])}" (strings need double quotes)`;
  if ((m = message.match(/^\[(.*)\((\w+)\)\] is not json$/s)))
    return m[2] === 'EOT'
      ? 'a comparison value is missing at the end'
      : `expected a value (a "double-quoted string", a number, true, false or null) but found ${excerpt(m[1])}`;
  if ((m = message.match(/^Unexpected token (\S*) (\S*) as valFilter operator$/s)))
    return m[2] === ''
      ? `"${m[1]}" must be followed by an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr)`
      : `"${m[2]}" after "${m[1]}" is not an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr)`;
  if (/^Unexpected token {1,2}\(EOT\)$/.test(message)) return 'it ends where an expression was expected';
  if ((m = message.match(/^Unexpected token (.*) \((\w+)\)$/s))) return `"${m[1]}" is not where an attribute name or "(" was expected`;
  if ((m = message.match(/^unexpected EOT: "(.*)"$/s))) return `unexpected "${m[1]}" after a complete expression (missing "and"/"or"?)`;
  if ((m = message.match(/expected '\)'$/))) return 'a "(" is not closed';
  if ((m = message.match(/expected '\]'$/))) return 'a "[" is not closed';
  return message;
}
