/** Adds `value` to the list under `key`, starting the list if there is none; in place, so building a group of n costs n. */
export function appendTo<K, V>(groups: Map<K, V[]>, key: K, value: V): void {
  const list = groups.get(key);
  if (list === undefined) groups.set(key, [value]);
  else list.push(value);
}
