/**
 * The name a library class is saved and reported under: its static `typeName`, written out
 * on each class because a minifier renames classes (a model file would otherwise name a
 * layer 'Pe'); a class without one of its own (a user's subclass) goes by constructor.name.
 */
export function typeNameOf(object: object): string {
  const type = object.constructor as { typeName?: string; name: string };
  return Object.hasOwn(type, 'typeName') && type.typeName ? type.typeName : type.name;
}
