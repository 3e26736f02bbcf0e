/** rules/: pure TypeScript, no I/O, imports nothing of ours; safe to bundle into workflows. */
export * from './document.js';
export * from './facts.js';
export { fold } from './fold.js';
export { operators, isOperatorName, type OperatorName, type OperatorSpec, type ValueKind } from './operators.js';
export { patternProblem, MAX_MATCH_INPUT, MAX_PATTERN_LENGTH } from './regex-guard.js';
export { validateDocument, assertDocument, InvalidDocumentError, type ValidationError, type ValidationResult } from './validate.js';
export { migrateDocument, migrationSteps, type MigrationStep, type MigrationResult } from './migrate.js';
export { applyAction, applyActions } from './actions.js';
export type { Trace, TraceEntry } from './conditions.js';
export * from './automations.js';
export * from './skill-sets.js';
export * from './contact-groups.js';
export { factsFromSample } from './sample.js';
export { canonicalJson, fnv1a64, logicFingerprint } from './hash.js';
export { testDocument, type DocumentTest } from './test-document.js';
