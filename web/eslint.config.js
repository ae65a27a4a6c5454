import js from '@eslint/js';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const PORTALS = ['admin', 'agency', 'doctor', 'employee', 'employer'];

/**
 * A portal is one role's screens: it may use the shared parts (components/, cases/, portals/shared,
 * PortalShell …) but not another portal's folder, so a change for one role cannot leak into
 * another's screens. What two portals need goes into a shared folder instead.
 */
const portalBoundaries = PORTALS.map((portal) => ({
  files: [`src/portals/${portal}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: PORTALS.filter((other) => other !== portal).map((other) => ({
          // Relative paths that climb out of this portal into `portals/<other>/`.
          regex: `^(\\.\\./)+(portals/)?${other}(/|$)`,
          message: `A portal does not import from another portal (portals/${other}); move what both need to a shared folder.`,
        })),
      },
    ],
  },
}));

export default tseslint.config(
  // Generated (src/gql by codegen) or built; the e2e tests and scripts are plain Node scripts.
  { ignores: ['dist/', 'src/gql/', 'e2e/', 'scripts/', 'data/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  reactHooks.configs.flat.recommended,
  jsxA11y.flatConfigs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      // `_`-prefixed names are deliberately unused (e.g. a destructured value left out).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...portalBoundaries,
);
