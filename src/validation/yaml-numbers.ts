import { isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';

/**
 * Parses YAML (or JSON) where a number is not typed by YAML's own rules, which would read `0x1F` as
 * 31, `0o17` as 15, `1e1` as 10 and `.inf` as Infinity: each number written unquoted becomes what
 * `number` makes of the text it was written as (by default that text), so the caller's rule for
 * numbers (a plain decimal, as for a CSV cell) decides. `number` gets the keys leading to it (map
 * keys, and list indexes from 0) and may throw. A syntax error is thrown as the `yaml` package's own.
 */
export function parseYamlKeepingNumbers(
  text: string,
  number: (source: string, keys: string[]) => unknown = (source) => source,
): unknown {
  const doc = parseDocument(text);
  if (doc.errors.length) throw doc.errors[0];
  visit(doc, {
    Scalar(_key, node, ancestors) {
      if (typeof node.value !== 'number' || node.source === undefined) return;
      node.value = number(node.source, keysTo([...ancestors, node]));
    },
  });
  return doc.toJS();
}

/** The map keys and list indexes along a chain of YAML nodes, from the document down. */
function keysTo(chain: readonly unknown[]): string[] {
  const keys: string[] = [];
  for (const [i, node] of chain.entries()) {
    const next = chain[i + 1];
    if (isSeq(node)) keys.push(String(node.items.indexOf(next as never)));
    else if (isPair(node) && next === node.value) keys.push(String(isScalar(node.key) ? node.key.value : node.key));
  }
  return keys;
}
