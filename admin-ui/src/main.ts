import { createApp } from 'vue';
import App from './App.vue';
import { onUnauthorized } from './api';
import { i18n } from './i18n';
import { applyInitialLanguage } from './i18n/language';
import './profile';
import { router } from './router';
import './styles.css';
import './shell.css';
import './builder/builder.css';
import './settings/settings.css';
import './inbox.css';

applyInitialLanguage();

onUnauthorized(() => {
  const here = router.currentRoute.value;
  if (here.name !== 'login') {
    void router.replace({ name: 'login', query: { redirect: here.fullPath, expired: '1' } });
  }
});

createApp(App).use(router).use(i18n).mount('#app');
