import Joi from 'joi';
import { uuid } from '../../http/schemas.js';
import { NOTE_MAX } from './notes-repository.js';

export const noteText = Joi.string().trim().min(1).max(NOTE_MAX).required()
  .messages({
    'string.empty': `text must be 1 to ${NOTE_MAX} characters; it is empty`,
    'string.min': `text must be 1 to ${NOTE_MAX} characters; it is empty`,
    'string.max': `text must be 1 to ${NOTE_MAX} characters; it is {#value.length}`,
    'any.required': `text is required: 1 to ${NOTE_MAX} characters`,
  })
  .description(`The note, 1 to ${NOTE_MAX} characters`)
  .example('Prefers to be called in the afternoon.');

export const notePayload = Joi.object({ text: noteText }).label('NoteInput');

export const note = Joi.object({
  id: Joi.string().description('Note id'),
  contactId: Joi.string().description('The contact the note is about'),
  text: Joi.string().description('The note'),
  author: Joi.object({ id: Joi.string().description('User id'), name: Joi.string().description('User name') })
    .allow(null).description('Who wrote it; null once their account is gone').label('NoteAuthor'),
  createdAt: Joi.string().description('When it was written (ISO 8601)'),
  updatedAt: Joi.string().description('When it was last edited (ISO 8601)'),
}).label('Note');

export const notes = Joi.array().items(note).description('Newest first').label('Notes');

export const attributeDisplay = Joi.object({
  key: Joi.string().pattern(/^[A-Za-z0-9_-]{1,64}$/).required()
    .description('The attribute key (1–64 letters, digits, "_" or "-")').example('orderNumber'),
  label: Joi.string().trim().min(1).max(100).required().description('What agents read beside the value').example('Order number'),
  shown: Joi.boolean().required().description('Whether agents see it beside the conversation'),
  position: Joi.number().integer().min(0).max(10_000).required().description('Order: lowest first').example(1),
}).label('ContactAttributeDisplay');

export const attributeDisplayList = Joi.array().items(attributeDisplay).max(200).unique('key')
  .messages({ 'array.unique': 'each key may appear only once; {#value.key} is listed twice' })
  .description('Which attributes agents see, in which order').label('ContactAttributeDisplayList');

export const contactParams = Joi.object({ id: uuid.required().description('Contact id') }).label('ContactParams');
export const noteParams = Joi.object({ id: uuid.required().description('Note id') }).label('NoteParams');
