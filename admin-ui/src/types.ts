// Shapes of the engine's HTTP contract: defined once in the engine (engine/http/contract.ts, the
// types its repositories return), never copied here.
export {
  QUEUES,
  type Queue,
  type Kind,
  type Direction,
  type Role,
  type User,
  type LoginResponse,
  type Ref,
  type ConversationSummary,
  type ConversationPage,
  type AttachmentType,
  type Attachment,
  type Party,
  type Message,
  type AuditEvent,
  type ConversationDetail,
  type ResolutionReason,
  type ErrorBody,
  type Language,
  type Profile,
  type Note,
  type ContactAttributeDisplay,
  type LiveEvent,
  type LiveEventBase,
  type LiveNotification,
  type Percentiles,
  type MetricFigures,
  type Metrics,
  type TagSuggestion,
  type ChannelHealth,
  type Organisation,
} from '../../engine/http/contract';

/** The list's order by last message (a query parameter, not an answer). */
export type Order = 'desc' | 'asc';
