/** Test helper: the lag gauge's value for one series, read back from the registry. */
import { consumerLag } from '../consumerLag.ts';

/** The gauge's value for one series, or undefined when the series is absent. */
export async function lagOf(group: string, topic: string, partition: number): Promise<number | undefined> {
  const { values } = await consumerLag.get();
  return values.find((v) => v.labels['group'] === group && v.labels['topic'] === topic && v.labels['partition'] === String(partition))?.value;
}
