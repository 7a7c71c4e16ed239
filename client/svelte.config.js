/** @type {import('svelte/compiler').CompileOptions} */
const compilerOptions = {
  // Every component uses runes; refuse the legacy reactivity mode outright.
  runes: true,
};

export default { compilerOptions };
