import { readFileSync } from 'node:fs';
import { jira } from './index.ts';
import { describeNormalizerProperties } from '../testing/normalizerProperties.ts';

describeNormalizerProperties(
  jira,
  jira.fixtures().map(({ name, source, eventName, file }) => ({ file: name, source, eventName, body: readFileSync(file, 'utf8') })),
);
