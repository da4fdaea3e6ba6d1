import type { Plan, RuleRef } from '../formats/plan.js';
import type { Report, Section } from '../model/report.js';
import { base, isObject, own, type Emit } from './emit.js';

// ── attachments ─────────────────────────────────────────────────────────────────────────────────

/** Tables an attachment lists that the format lacks, or that were listed before: the renderers print neither. */
export function checkAttachments(report: Report, plan: Plan, emit: Emit): void {
  const attachments = own(report, 'attachments');
  if (!Array.isArray(attachments)) return;
  const rule: RuleRef = { id: 'tables.known', kind: 'official', severity: 'warning' };
  const listed = new Set<string>();
  attachments.forEach((attachment, i) => {
    const tables = own(attachment, 'tables');
    if (!Array.isArray(tables)) return;
    tables.forEach((id, j) => {
      const path = `attachments/${i}/tables/${j}`;
      if (typeof id !== 'string' || !plan.index.tableById.has(id)) emit(base('unknown_table', rule, 'warning', [], { path, value: id }));
      else if (listed.has(id)) emit(base('repeated_table', { ...rule, severity: 'info' }, 'info', [], { path, value: id }));
      else listed.add(id);
    });
  });
}

// ── sections ────────────────────────────────────────────────────────────────────────────────────

/** A text without white space (full-width included). */
export const squash = (s: string) => (/[\s\u3000]/.test(s) ? s.replace(/[\s\u3000]/g, '') : s);

/** Every text of a section and its subsections (titles of subsections included), in document order; iterative. */
function sectionTexts(section: Section): string[] {
  const out: string[] = [];
  const stack: unknown[] = [section];
  const seen = new Set<unknown>();
  let first = true;
  while (stack.length > 0) {
    const current = stack.pop();
    if (!isObject(current) || seen.has(current)) continue;
    seen.add(current);
    if (!first && typeof current.title === 'string') out.push(current.title);
    first = false;
    if (Array.isArray(current.paragraphs)) for (const p of current.paragraphs) if (typeof p === 'string') out.push(p);
    if (Array.isArray(current.subsections)) for (let i = current.subsections.length - 1; i >= 0; i--) stack.push(current.subsections[i]);
  }
  return out;
}

/** Characters in texts, white space not counted, a surrogate pair counted once. */
function characterCount(texts: readonly string[]): number {
  let count = 0;
  for (const text of texts) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x3000 || (c >= 0x09 && c <= 0x0d) || c === 0xa0) continue;
      if (c >= 0xdc00 && c <= 0xdfff) continue;
      count++;
    }
  }
  return count;
}

/** The template's sections: present, in order, stating what they must, within their length. */
export function checkSections(report: Report, plan: Plan, emit: Emit): void {
  const format = plan.format;
  const sections = Array.isArray(report.sections) ? report.sections.filter(isObject) as Section[] : [];
  const templates = format.sections;
  if (templates.length === 0) return;
  const rule: RuleRef = { id: 'sections.present', ...(format.sectionRule ?? { kind: 'official', severity: 'warning' }) };
  const orderRule: RuleRef = { ...rule, id: 'sections.order' };
  const position = new Map<string, number>();
  const found = new Map<string, Section>();
  sections.forEach((section, i) => {
    const byId = typeof section.id === 'string' && plan.sectionIds.has(section.id) ? section.id : undefined;
    const id = byId ?? (typeof section.title === 'string' ? plan.sectionTitles.get(squash(section.title)) : undefined);
    if (id && !found.has(id)) {
      found.set(id, section);
      position.set(id, i);
    }
  });
  let last = -1;
  for (const template of templates) {
    const section = found.get(template.id);
    if (!section) {
      emit(base('section_missing', rule, rule.severity, [], { section: template.id, title: template.title }));
      continue;
    }
    const at = position.get(template.id)!;
    if (at < last) emit(base('section_order', orderRule, orderRule.severity, [], { section: template.id, title: template.title }));
    last = Math.max(last, at);
    if (!template.mentions && template.maxLength === undefined) continue;
    const texts = sectionTexts(section);
    for (const mention of template.mentions ?? []) {
      if (!mention.any.some((w) => texts.some((t) => t.includes(w)))) {
        emit(base('mention_missing', { id: mention.rule, kind: mention.kind, severity: mention.severity }, mention.severity, [], { section: template.id, title: template.title }, mention.description));
      }
    }
    // Counting is only needed when the texts, white space included, are longer than the limit.
    if (template.maxLength !== undefined && texts.reduce((sum, t) => sum + t.length, 0) > template.maxLength) {
      const length = characterCount(texts);
      if (length > template.maxLength) {
        emit(base('section_too_long', { id: 'sections.length', kind: 'official', severity: 'info' }, 'info', [], { section: template.id, title: template.title, length, limit: template.maxLength }));
      }
    }
  }
}
