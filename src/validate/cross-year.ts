import { getFormat } from '../formats/catalogue.js';
import type { Format } from '../formats/define.js';
import { planFor, type IdentityCheck, type PlanTerm } from '../formats/plan.js';
import type { Report } from '../model/report.js';
import { Decimal, isDecimalString } from '../model/values.js';
import type { Num } from '../issues/amount.js';
import type { IssueCell } from '../issues/issues.js';
import { squash } from './document.js';
import { base, isObject, own, type Emit } from './emit.js';
import { checkIdentity, identityCells } from './relations.js';
import type { State } from './values.js';


/**
 * The cross-year rules against last year's report of the same organ: a report of another year or
 * organ is a warning, and no rule is run; a rule whose cells last year's format lacks is named.
 */
export function checkCrossYear(report: Report, state: State, previous: Report, extra: readonly Format[] | undefined, emit: Emit): void {
  const { plan } = state;
  const previousFormatId = isObject(previous) && typeof previous.format === 'string' ? previous.format : '(none)';
  const previousFormat = getFormat(previousFormatId, extra);
  // Last year's report of the same organ, or no cross-year rule is run (a report of two years
  // back, or of another organ, would only produce false findings).
  const year = own(own(report, 'metadata'), 'year');
  const previousYear = own(own(previous, 'metadata'), 'year');
  if (typeof year === 'number' && typeof previousYear === 'number' && previousYear !== year - 1) {
    emit(base('previous_year_mismatch', { id: 'crossYear.year', kind: 'customary', severity: 'warning' }, 'warning', [], { previousFormat: previousFormatId, previousYear }));
    return;
  }
  const agency = own(own(report, 'metadata'), 'agency');
  const previousAgency = own(own(previous, 'metadata'), 'agency');
  if (typeof agency === 'string' && typeof previousAgency === 'string' && agency.trim() !== '' && previousAgency.trim() !== '' && squash(agency) !== squash(previousAgency)) {
    emit(base('previous_agency_mismatch', { id: 'crossYear.agency', kind: 'customary', severity: 'warning' }, 'warning', [], { previousFormat: previousFormatId, previousAgency }));
    return;
  }
  if (!previousFormat) {
    emit(base('unknown_format', 'format.known', 'error', [], { path: `previous: ${previousFormatId}` }));
    return;
  }
  const previousPlan = planFor(previousFormat);
  const previousTables = own(previous, 'tables');
  const read = (term: PlanTerm): Num | undefined => {
    const cell = previousPlan.cellByRef.get(term.ref);
    if (!cell) return undefined;
    const raw = own(own(own(previousTables, cell.info.table), cell.info.row.id), cell.info.column.id);
    if (typeof raw === 'number' && Number.isSafeInteger(raw)) return raw;
    if (typeof raw === 'string' && isDecimalString(raw)) return cell.info.kind === 'money' ? new Decimal(raw) : Number(raw);
    return undefined;
  };
  const notComparable = new Map<string, { check: IdentityCheck; cells: IssueCell[] }>();
  for (const check of plan.identities) {
    if (!check.crossYear) continue;
    const previousTerms = [...check.left, ...check.right].filter((t) => t.previous);
    const unmapped = previousTerms.filter((t) => !previousPlan.cellByRef.has(t.ref));
    if (unmapped.length > 0) {
      const entry = notComparable.get(check.identity.id) ?? { check, cells: [] };
      entry.cells.push(...identityCells(state, [...check.left, ...check.right]));
      notComparable.set(check.identity.id, entry);
      continue;
    }
    const previousMissing = previousTerms.some((t) => read(t) === undefined);
    checkIdentity(state, check, emit, read, previousMissing);
  }
  for (const { check, cells } of notComparable.values()) {
    const unique = [...new Map(cells.map((c) => [c.ref, c])).values()];
    emit(
      base('not_comparable', { ...check.rule, severity: 'info' }, 'info', unique, { identity: check.identity.id, previousFormat: previousFormat.id }, check.identity.description),
    );
  }
}
