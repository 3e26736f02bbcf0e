// The app shell (header, sign-in, language names) in French.
export default {
  shell: {
    skip: 'Aller au contenu',
    logout: 'Déconnexion',
    language: 'Langue',
    dismiss: 'Fermer le message',
    errors: {
      status: 'Le serveur a répondu {status}.',
      offline: 'Impossible de joindre le serveur. Vérifiez votre connexion et réessayez.',
      unknown: 'Une erreur s’est produite.',
    },
    titles: { inbox: 'Boîte de réception', conversation: 'Conversation' },
    login: {
      title: 'Connexion',
      expired: 'Votre session a pris fin. Veuillez vous reconnecter.',
      email: 'E-mail',
      password: 'Mot de passe',
      submit: 'Se connecter',
      signingIn: 'Connexion…',
    },
  },
  languages: { en: 'anglais', fr: 'français' },
};
