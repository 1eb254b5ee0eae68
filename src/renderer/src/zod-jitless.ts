import { z } from 'zod';

// Imported first by main.tsx, before any schema is built: zod 4 probes `new Function('')` when an
// object schema is created (to compile fast parsers), and the renderer's CSP (script-src 'self', no
// 'unsafe-eval') refuses it, logging a violation. jitless skips the probe; parsing is the same.
z.config({ jitless: true });
