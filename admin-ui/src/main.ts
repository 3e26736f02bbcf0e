import { createApp } from 'vue';
import App from './App.vue';
import { onUnauthorized } from './api';
import { router } from './router';
import './styles.css';

onUnauthorized(() => {
  const here = router.currentRoute.value;
  if (here.name !== 'login') {
    void router.replace({ name: 'login', query: { redirect: here.fullPath, expired: '1' } });
  }
});

createApp(App).use(router).mount('#app');
