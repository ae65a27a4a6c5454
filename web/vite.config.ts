import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The Rust gateway serves dist/ at `/` (SPA fallback) and GraphQL at `/graphql` on the same
// origin; in development vite proxies /graphql (and the REST paths) to a local gateway.
const backend = process.env.POORTWACHTER_BACKEND ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/graphql': backend,
      '/api': backend,
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks cache better.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
            { name: 'mantine', test: /node_modules[\\/](@mantine|@floating-ui|react-transition-group|react-number-format|react-remove-scroll[^\\/]*|clsx)[\\/]/ },
            { name: 'vendor', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
});
