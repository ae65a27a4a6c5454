import type { CSSProperties } from 'react';

/**
 * Field errors in a darker red than Mantine's default, so their small text reaches 4.5:1 on
 * white; set on a container, it applies to the fields inside.
 */
export const ERROR_COLOUR = { '--mantine-color-error': 'var(--mantine-color-red-light-color)' } as CSSProperties;
