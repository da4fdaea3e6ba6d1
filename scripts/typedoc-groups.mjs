// A TypeDoc plugin: puts every export of the API reference in the category of the layer it comes
// from (src/model → Model, src/formats → Formats, …), so that the reference is grouped as the
// library is, without a @category tag on each declaration.
import { Comment, CommentTag, Converter, ReflectionKind } from 'typedoc';

const LAYERS = [
  ['/src/model/', 'Model'],
  ['/src/formats/', 'Formats'],
  ['/src/validate/', 'Validate'],
  ['/src/rollup/', 'Rollup'],
  ['/src/render/', 'Render'],
  ['/src/import/', 'Import'],
];

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (!reflection.parent?.kindOf(ReflectionKind.Project | ReflectionKind.Module)) return;
    const symbol = context.getSymbolFromReflection(reflection);
    const file = symbol?.declarations?.[0]?.getSourceFile().fileName.replace(/\\/g, '/') ?? '';
    const layer = LAYERS.find(([folder]) => file.includes(folder));
    if (!layer) return;
    reflection.comment ??= new Comment();
    if (reflection.comment.blockTags.some((t) => t.tag === '@category')) return;
    reflection.comment.blockTags.push(new CommentTag('@category', [{ kind: 'text', text: layer[1] }]));
  });
}
