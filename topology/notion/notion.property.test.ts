import { describeNormalizerProperties, readFixture } from '../testing/normalizerProperties.ts';
import { notion } from './index.ts';

const dir = new URL('./fixtures/', import.meta.url);
const types = [
  'page.created',
  'page.content_updated',
  'page.properties_updated',
  'page.deleted',
  'data_source.created',
  'data_source.content_updated',
  'data_source.schema_updated',
  'data_source.deleted',
  'comment.created',
];

describeNormalizerProperties(
  notion,
  types.map((type) => ({ file: `${type}.json`, source: 'notion', eventName: type, body: readFixture(dir, `${type}.json`) })),
);
