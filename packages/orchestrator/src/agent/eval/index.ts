export {
  runEval,
  judge,
  type EvalOptions,
  type EvalReport,
  type ScenarioResult,
  type ExpectationResult,
} from './run-eval.js';
export {
  loadScenarios,
  parseScenario,
  scenarioSchema,
  ScenarioError,
  type Scenario,
  type ScenarioInput,
} from './scenario.js';
export { ReplayToolbox, type ReplayCall, type ReplayProposal } from './replay-toolbox.js';
export { replayKnowledge } from './replay-knowledge.js';
