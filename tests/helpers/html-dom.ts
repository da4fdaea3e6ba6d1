import type { Element, Node } from 'domhandler';
import { parseDocument } from 'htmlparser2';

/** Every element of an HTML text, in document order. */
export function elements(html: string): Element[] {
  const out: Element[] = [];
  const walk = (nodes: readonly Node[]) => {
    for (const node of nodes) {
      if ('attribs' in node && 'children' in node) {
        out.push(node as Element);
        walk((node as Element).children);
      }
    }
  };
  walk(parseDocument(html).children);
  return out;
}

/** The text a node holds. */
export const textOf = (node: Node): string =>
  'data' in node && typeof node.data === 'string' ? node.data : 'children' in node ? (node as Element).children.map(textOf).join('') : '';
