// AssemblyScript puts decorators on top-level functions (`@inline`), which TypeScript's
// grammar does not allow, so prettier and typescript-eslint cannot parse assembly/ as it is.
// These two functions turn each such line into a line comment and back, keeping every line
// where it is (the linter's positions stay right); decorators on classes and methods are
// TypeScript syntax and stay as they are.

const DECORATOR = /^@(\w+)$/gm;
const MASKED = /^\/\/ @assemblyscript (\w+)$/gm;

/** Source with each top-level decorator line made a comment. */
export const maskDecorators = (text) => text.replace(DECORATOR, '// @assemblyscript $1');

/** The decorators back from maskDecorators' comments. */
export const unmaskDecorators = (text) => text.replace(MASKED, '@$1');
