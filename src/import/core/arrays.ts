// Arrays as long as an input makes them: a spread (`push(...items)`) passes every item as an argument
// and overflows the stack past some hundred thousand; these do not.

/** Appends items one by one to `target`. */
export function pushAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}
