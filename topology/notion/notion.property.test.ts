import { readFileSync } from 'node:fs';
import { describeNormalizerProperties } from '../testing/normalizerProperties.ts';
import { notion } from './index.ts';

describeNormalizerProperties(
  notion,
  notion.fixtures().map(({ name, source, eventName, file }) => ({ file: name, source, eventName, body: readFileSync(file, 'utf8') })),
);
