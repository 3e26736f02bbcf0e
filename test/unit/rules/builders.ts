import type {
  Action,
  AutomationDocument,
  ConditionNode,
  Group,
  PublishedDocument,
  Trigger,
} from '../../../rules/index.js';

let counter = 0;
const nextId = (prefix: string) => `${prefix}${++counter}`;

export const cond = (fact: string, operator: string, value?: unknown): ConditionNode =>
  ({ id: nextId('c'), fact, operator, ...(value === undefined ? {} : { value }) }) as ConditionNode;
export const all = (...children: ConditionNode[]): Group => ({ id: nextId('g'), all: children });
export const any = (...children: ConditionNode[]): Group => ({ id: nextId('g'), any: children });
export const not = (child: ConditionNode): Group => ({ id: nextId('g'), not: child });

type ActionInput = Action extends infer A ? (A extends Action ? Omit<A, 'id'> : never) : never;
export const act = (action: ActionInput): Action => ({ id: nextId('a'), ...action }) as Action;

export function automation(
  id: string,
  when: Group,
  then: Action[],
  options: { stop?: boolean; triggers?: Trigger[]; enabled?: boolean } = {},
): PublishedDocument<AutomationDocument> {
  return {
    id,
    version: 1,
    document: {
      schema: 'switchboard.automation/1',
      name: `automation ${id}`,
      enabled: options.enabled ?? true,
      triggers: options.triggers ?? ['message.received'],
      when,
      then,
      stop: options.stop ?? false,
    },
  };
}
