// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Roles are compared only in the policy module (backend/src/policies/policy.ts). */
const noRoleComparison = {
  selector: "BinaryExpression[operator=/^[!=]==?$/][left.property.name='role'][right.value=/^(admin|user)$/], BinaryExpression[operator=/^[!=]==?$/][right.property.name='role'][left.value=/^(admin|user)$/]",
  message: 'Ask the policy (backend/src/policies/policy.ts: can(actor, ability)) instead of comparing roles here.',
};

/** The same in the web app, where `user?.role` (an optional chain) and a bare `role` are common too. */
const noRoleComparisonWeb = {
  selector: [
    `BinaryExpression[operator=/^[!=]==?$/]:matches([left.property.name='role'], [left.expression.property.name='role'], [left.name='role'])[right.value=/^(admin|user)$/]`,
    `BinaryExpression[operator=/^[!=]==?$/]:matches([right.property.name='role'], [right.expression.property.name='role'], [right.name='role'])[left.value=/^(admin|user)$/]`,
  ].join(', '),
  message: 'Ask the policy (frontend/src/lib/policy.ts: can(user, ability)) instead of comparing roles here.',
};

const REPOSITORIES_ONLY = 'The database is reached only through a repository (<module>/<name>.repository.ts); give the service a repository method instead (see docs/ARCHITECTURE.md).';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/coverage/**', 'data/**', 'backend/data/**', 'bench/results/**', 'frontend/public/sw.js'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-require-imports': 'off',
      'no-console': 'off',
    },
  },
  {
    // Compose/YAML documents are untyped data in these tests.
    files: ['infrastructure/tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Authorization in one place: roles are compared only in the policy module.
    files: ['backend/src/**/*.ts'],
    ignores: ['backend/src/policies/**'],
    rules: { 'no-restricted-syntax': ['error', noRoleComparison] },
  },
  {
    // Prisma (and raw SQL) only in repositories; the composition files build repositories from the client.
    files: ['backend/src/modules/**/*.ts'],
    ignores: ['backend/src/modules/**/*.repository.ts', 'backend/src/modules/**/*.module.ts', 'backend/src/modules/auth/accounts.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: '@prisma/client', allowTypeImports: true, message: `Only types may be imported from @prisma/client here. ${REPOSITORIES_ONLY}` }] },
      ],
      'no-restricted-syntax': [
        'error',
        noRoleComparison,
        { selector: "MemberExpression[property.name='prisma']", message: REPOSITORIES_ONLY },
        { selector: 'MemberExpression[property.name=/^\\$(transaction|queryRaw|queryRawUnsafe|executeRaw|executeRawUnsafe)$/]', message: REPOSITORIES_ONLY },
        { selector: "TSTypeReference[typeName.name=/^(PrismaClient|SqlExecutor)$/], TSQualifiedName[right.name='TransactionClient']", message: REPOSITORIES_ONLY },
      ],
    },
  },
  {
    // Layers: upstream clients, caches, the database and HTTP plumbing never depend on a feature module.
    files: ['backend/src/{integrations,cache,db,http,jobs,realtime,security,logging,config,policies}/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/modules/**'], message: 'Lower layers must not import feature modules; pass what they need in (see docs/ARCHITECTURE.md).' }] },
      ],
    },
  },
  // Web app layers (docs/ARCHITECTURE.md, "Web app"): app/ composes features; a feature never imports
  // app/ or another feature; widgets/, components/, lib/ and api/ never import features/ or app/.
  // Relative imports are matched by how far they climb: from frontend/src/features/<x>/ at depth d,
  // d times "../" reaches features/ (a sibling feature) and d + 1 times reaches src/.
  ...[1, 2, 3].map((depth) => ({
    files: [`frontend/src/features/*/${'*/'.repeat(depth - 1)}*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(\\.\\./){${depth}}[^./]`,
              message: 'A feature must not import another feature; move what both need to src/widgets (uses the API) or src/components (pure UI).',
            },
            { regex: `^(\\.\\./){${depth + 1}}(app|features)(/|$)`, message: 'A feature must not import src/app or another feature; move the shared part to src/widgets or src/components.' },
          ],
        },
      ],
    },
  })),
  {
    files: ['frontend/src/{widgets,components,lib,api}/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(\\.\\./)+(app|features)(/|$)', message: 'Shared layers (widgets, components, lib, api) must not import src/app or src/features.' }] },
      ],
    },
  },
  {
    // The web app asks frontend/src/lib/policy.ts (can(user, ability)) too, instead of comparing roles:
    // `user.role === 'admin'`, `user?.role !== 'admin'` and a bare `role === 'admin'`, either way round.
    files: ['frontend/src/**/*.{ts,tsx}'],
    ignores: ['frontend/src/lib/policy.ts'],
    rules: { 'no-restricted-syntax': ['error', noRoleComparisonWeb] },
  },
  {
    files: ['frontend/**/*.{ts,tsx}', 'frontend/public/**/*.js'],
    languageOptions: {
      globals: { ...globals.browser },
    },
  },
);
