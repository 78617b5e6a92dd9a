import { describeNormalizerProperties, readFixture } from '../testing/normalizerProperties.ts';
import { prometheus } from './index.ts';

const dir = new URL('./fixtures/', import.meta.url);
const fixture = (file: string, source: string, eventName: string) => ({ file, source, eventName, body: readFixture(dir, file) });

describeNormalizerProperties(prometheus, [
  fixture('alertmanager.firing.json', 'alertmanager', 'alerts'),
  fixture('alertmanager.resolved.json', 'alertmanager', 'alerts'),
  fixture('query_result.vector.json', 'prometheus', 'query_result'),
  fixture('query_result.matrix.json', 'prometheus', 'query_result'),
  fixture('query_result.special_values.json', 'prometheus', 'query_result'),
  fixture('query_result.scalar.json', 'prometheus', 'query_result'),
  fixture('query_result.error.json', 'prometheus', 'query_result'),
]);
