import Joi from 'joi';

export const tagSuggestions = Joi.array().items(Joi.object({
  tag: Joi.object({ id: Joi.string().description('Tag id'), name: Joi.string().description('Tag name') }).label('SuggestedTag'),
  score: Joi.number().description('Similarity, 0 to 1: the mean of the three best matches among the conversations with this tag'),
  because: Joi.object({
    conversationId: Joi.string().description('The most similar conversation with this tag'),
    excerpt: Joi.string().allow('').description('The start of its customer messages'),
    sharedTerms: Joi.array().items(Joi.string()).description('The words both share that weigh most (accents and case folded)'),
  }).label('SuggestionReason').description('Why this tag is suggested'),
}).label('TagSuggestion')).description('Best first; accept one with POST /api/conversations/{id}/tags { add: [name] }').label('TagSuggestions');
