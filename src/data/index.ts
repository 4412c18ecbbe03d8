// Data sets and loaders.
export * from './circles';
