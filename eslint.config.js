// ESLint flat config for the whole monorepo.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import svelteConfig from './client/svelte.config.js';

export default defineConfig(
  {
    name: 'idea-board/ignores',
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'e2e/test-results/**',
      'e2e/playwright-report/**',
      'data/**',
      'bench-results/**',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  svelte.configs.recommended,
  {
    name: 'idea-board/node',
    // Everything outside the browser app runs on Node: configs, scripts, server, shared, e2e.
    files: ['**/*.{js,mjs,cjs,ts,mts,cts}'],
    ignores: ['client/src/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    name: 'idea-board/browser',
    files: ['client/src/**/*.{ts,svelte}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    name: 'idea-board/svelte-typescript',
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        parser: tseslint.parser,
        extraFileExtensions: ['.svelte'],
        svelteConfig,
      },
    },
  },
  {
    name: 'idea-board/no-console-in-libraries',
    // The server logs through its injected pino logger; shared/ stays free of side effects.
    files: ['server/src/**', 'shared/src/**'],
    rules: { 'no-console': 'error' },
  },
  {
    name: 'idea-board/unused',
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
);
