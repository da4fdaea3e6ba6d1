declare const __XXGK_VERSION__: string | undefined;

/** The package version, injected at build time. */
export const version: string = typeof __XXGK_VERSION__ === 'string' ? __XXGK_VERSION__ : '0.0.0-dev';
