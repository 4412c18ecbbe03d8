import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { maskDecorators } from './scripts/assembly-decorators.mjs';

/** Lints AssemblyScript as TypeScript, its top-level decorators made comments. */
const assemblyScript = {
  meta: { name: 'assemblyscript-decorators' },
  preprocess: (text) => [maskDecorators(text)],
  postprocess: (messages) => messages.flat(),
  supportsAutofix: false, // fixes would land at the masked text's offsets
};

export default tseslint.config(
  { ignores: ['node_modules/', '**/dist/', 'build/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  { files: ['assembly/**/*.ts'], processor: assemblyScript },
);
