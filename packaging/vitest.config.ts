import { defineConfig } from 'vitest/config';

// Packing and installing every published package takes a while on a cold store: generous limits.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 600_000 },
});
