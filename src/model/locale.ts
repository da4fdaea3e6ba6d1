/** The languages xxgk writes messages and documents in. */
export type Locale = 'zh-CN' | 'en';

/** The locales xxgk writes messages in. */
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
