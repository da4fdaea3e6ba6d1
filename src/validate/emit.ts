import { fingerprintOf, type IssueCell } from '../issues/issues.js';
import type { IssueData } from '../issues/messages.js';
import type { RuleRef } from '../formats/plan.js';
import type { LocalizedText, Severity } from '../formats/types.js';

/** Where the checks put what they find. */
export type Emit = (data: IssueData) => void;

/** True for a non-null object that is not an array. */
export const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
/** An own property of an object, else undefined (never an inherited one). */
export const own = (o: unknown, key: string): unknown => (isObject(o) && Object.hasOwn(o, key) ? o[key] : undefined);

export function base<T extends Record<string, unknown>>(
  code: string,
  rule: string | RuleRef,
  severity: Severity,
  cells: readonly IssueCell[],
  extra: T,
  description?: LocalizedText,
): IssueData {
  const ruleRef: RuleRef = typeof rule === 'string' ? { id: rule, kind: 'customary', severity } : rule;
  const identity = typeof extra.identity === 'string' ? extra.identity : '';
  const key = typeof extra.path === 'string' ? extra.path : typeof extra.section === 'string' ? extra.section : '';
  return {
    code,
    severity: typeof rule === 'string' ? severity : rule.severity,
    rule: ruleRef.id,
    ruleKind: ruleRef.kind,
    cells,
    ...(description ? { description } : {}),
    fingerprint: fingerprintOf([code, ruleRef.id, identity, key, ...cells.map((c) => c.ref)]),
    ...extra,
  } as unknown as IssueData;
}
