import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, projectRoot } from '../server/config.js';
import { ConfigError } from '../server/errors.js';

describe('configuration', () => {
  it('applies the embedded defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseFile).toMatch(/data\/survey\.db$/);
    expect(config.baseUrl).toBe('http://localhost:3000');
    expect(config.smtpUrl).toBeUndefined();
  });

  it('resolves the default paths from where the code lives, whatever the working directory', () => {
    const cwd = process.cwd();
    process.chdir(tmpdir());
    try {
      const config = loadConfig({});
      expect(config.host).toBe('127.0.0.1');
      expect(config.databaseFile).toBe(join(projectRoot, 'data', 'survey.db'));
      expect(config.questionnairesDir).toBe(join(projectRoot, 'questionnaires'));
      expect(config.logLevel).toBe('info');
      // a relative path given by the user is taken from where the command runs
      expect(loadConfig({ DATABASE_FILE: 'elders/test.db' }).databaseFile).toBe(join(process.cwd(), 'elders', 'test.db'));
    } finally {
      process.chdir(cwd);
    }
  });

  it('rejects invalid values with a clear message', () => {
    expect(() => loadConfig({ PORT: 'abc', SMTP_URL: 'http://x' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ SMTP_URL: 'http://x' })).toThrow(/SMTP_URL: must start with smtp/);
  });
});
