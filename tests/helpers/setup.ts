// Vite exposes its public base path as process.env.BASE_URL ("/") inside tests; our BASE_URL is the
// platform's public address, so remove Vite's value before any test reads the configuration.
if (process.env.BASE_URL === '/') delete process.env.BASE_URL;
