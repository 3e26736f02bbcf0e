// Every channel type of the product (api.md "Channels"), whether or not this build has its
// connector yet: the one list the API validates against and the provider routing refers to.
export const CHANNEL_TYPES = ['sandbox', 'messenger', 'facebook_page', 'instagram', 'whatsapp', 'x', 'linkedin', 'email'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/** The types whose webhooks Meta sends to one app-wide callback URL. */
export const META_CHANNEL_TYPES = ['messenger', 'facebook_page', 'instagram', 'whatsapp'] as const satisfies readonly ChannelType[];
export type MetaChannelType = (typeof META_CHANNEL_TYPES)[number];
