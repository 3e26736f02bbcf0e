// The app shell (header, sign-in, language names) in English.
export default {
  shell: {
    skip: 'Skip to content',
    logout: 'Log out',
    language: 'Language',
    dismiss: 'Dismiss message',
    errors: {
      status: 'The server answered {status}.',
      offline: 'Cannot reach the server. Check your connection and try again.',
      unknown: 'Something went wrong.',
    },
    // Browser tab titles of the routes that have no heading message of their own.
    titles: { inbox: 'Inbox', conversation: 'Conversation' },
    login: {
      title: 'Sign in',
      expired: 'Your session has ended. Please sign in again.',
      email: 'E-mail',
      password: 'Password',
      submit: 'Sign in',
      signingIn: 'Signing in…',
    },
  },
  languages: { en: 'English', fr: 'French' },
};
