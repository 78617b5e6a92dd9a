/**
 * Import this first in an entry point (`import './config/loadEnvFirst.ts'`, before anything
 * else): it adds the `.env` file to process.env as the program starts, before any module reads
 * the environment while loading. config/endpoints.ts does (SWITCHYARD_KAFKA_PORT and the
 * other ports), so a port moved in `.env` would otherwise be read too late. ES modules run in
 * the order they are imported, and this one imports nothing that reads the environment.
 */
import { loadEnvFile } from './env.ts';

try {
  loadEnvFile();
} catch (error) {
  // An entry point has no caller to hand this to: say what is wrong and stop, as loadConfig would.
  console.error(`switchyard: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
