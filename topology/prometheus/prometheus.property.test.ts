import { readFileSync } from 'node:fs';
import { describeNormalizerProperties } from '../testing/normalizerProperties.ts';
import { prometheus } from './index.ts';

describeNormalizerProperties(
  prometheus,
  prometheus.fixtures().map(({ name, source, eventName, file }) => ({ file: name, source, eventName, body: readFileSync(file, 'utf8') })),
);
