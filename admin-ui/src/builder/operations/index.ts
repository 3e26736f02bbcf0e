/** The named document operations: every gesture on the canvas is one of these. */
export { addCondition, appendToGroup, receivingGroup } from './add-condition.js';
export { addGroup } from './add-group.js';
export { wrapIn } from './wrap.js';
export { unwrap } from './unwrap.js';
export { moveNodes, moveCondition, reorder } from './move.js';
export { connect, disconnect, type Port } from './connect.js';
export { addStep, addBranch } from './add-step.js';
export { addAction } from './add-action.js';
export { addTrigger, removeTrigger } from './triggers.js';
export { deleteElements, dropDanglingStepRefs } from './delete-elements.js';
export { setFields, setDocumentFields, setGroupOp } from './set-field.js';
export { copyElements, pasteFragment, type Fragment } from './clipboard.js';
export { ACTION_TYPES, newAction, newStep } from './defaults.js';
