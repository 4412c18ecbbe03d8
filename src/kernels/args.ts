// The vocabulary of the kernel ABI, below every family: pointers, and arguments by name.

/** A byte offset into the backend's memory. */
export type Ptr = number;

/**
 * A family's argument names: for each kernel, one name per parameter, in order. The
 * compiler checks each list's length against the kernel's signature; test/node/kernel-abi
 * checks the names against the AssemblyScript exports and the reference twins.
 */
export type ArgNamesOf<Family> = {
  readonly [K in keyof Family]: Family[K] extends (...args: infer A) => unknown
    ? { readonly [P in keyof A]: string }
    : never;
};

/** A kernel's arguments as a record keyed by the names of its ABI entry. */
export type Args<Names extends readonly string[]> = Record<Names[number], number>;

/** The positional arguments of a call, by name. */
export function named<const Names extends readonly string[]>(
  names: Names,
  args: readonly number[],
): Args<Names> {
  const record = {} as Record<string, number>;
  for (let i = 0; i < names.length; i++) record[names[i]] = args[i];
  return record as Args<Names>;
}

/** A call's positional arguments from a record of them by name. */
export function positional<const Names extends readonly string[]>(
  names: Names,
  args: Args<Names>,
): number[] {
  return names.map((name: Names[number]) => args[name]);
}
