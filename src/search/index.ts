// Model selection: hyperparameter searches that know nothing of the model they tune.
export {
  grid,
  gridPoints,
  type Space,
  type ParamsOf,
  type Trial,
  type GridOptions,
  type GridResult,
} from './grid';
export {
  genetic,
  type GeneticOptions,
  type GeneticResult,
  type Generation,
  type Scored,
} from './genetic';
