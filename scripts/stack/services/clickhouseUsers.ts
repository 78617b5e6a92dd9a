/**
 * The users file of the stack's ClickHouse (and a test's private one): Debian's `default` user
 * and `default` profile as Debian ships them, plus the access layer's reader `switchyard_reader`
 * and the raw tool's `switchyard_raw` (same profile; a user of its own, because readonly=1 still
 * lets a user KILL its own user's queries: as switchyard_reader the raw tool ended catalogue reads).
 *
 * ClickHouse 18.16 has no `CREATE USER` (RBAC came with 20.x), so a user is XML. The server runs
 * Debian's config.xml with `--users_config=<dataDir>/users.xml`: this file REPLACES Debian's
 * /etc/clickhouse-server/users.xml (nothing under /etc is touched), which is why `default` is
 * repeated here unchanged — the sink writes as it. Debian's example user `readonly` is left out.
 *
 * The reader's profile is the guard (sinks/clickhouse/reader.ts): `readonly` 1 refuses writes,
 * DDL, SYSTEM, KILL of another user's query, SET and table functions (url(), file(), remote():
 * readonly 2 would allow those), and a readonly=1 user cannot override a setting per query, so
 * the limits live here (reader.ts refuses a profile without max_execution_time). max_result_rows
 * is a runaway stop, not the row cap: catalogue reads such as readFacts have no LIMIT and are cut
 * after, and the raw tool stops reading at its cap while the server streams; so a million.
 * Keep them in step with scripts/stack/clickhouse/users.d/ (Docker).
 */

/** A loopback user with the reader's profile and no password. */
function readerUser(name: string): string {
  return `        <${name}>
            <password></password>
            <networks replace="replace">
                <ip>::1</ip>
                <ip>127.0.0.1</ip>
            </networks>
            <profile>reader</profile>
            <quota>default</quota>
        </${name}>`;
}

export const CLICKHOUSE_READER_USER = 'switchyard_reader';
/** The raw tool's name on the local stack (CLICKHOUSE_RAW_USER's default). */
export const CLICKHOUSE_RAW_USER = 'switchyard_raw';

export function clickhouseUsersXml(): string {
  return `<?xml version="1.0"?>
<!-- Written at every start by scripts/stack/services/clickhouseUsers.ts; edits here are lost. -->
<yandex>
    <profiles>
        <!-- Debian's default profile, unchanged. -->
        <default>
            <max_memory_usage>10000000000</max_memory_usage>
            <use_uncompressed_cache>0</use_uncompressed_cache>
            <load_balancing>random</load_balancing>
        </default>
        <!-- The access layer's reader: read queries only, bounded. -->
        <reader>
            <readonly>1</readonly>
            <max_execution_time>10</max_execution_time>
            <max_result_rows>1000000</max_result_rows>
            <result_overflow_mode>throw</result_overflow_mode>
            <max_memory_usage>2000000000</max_memory_usage>
        </reader>
    </profiles>
    <users>
        <!-- Debian's default user, unchanged: the sink's writer. -->
        <default>
            <password></password>
            <networks incl="networks" replace="replace">
                <ip>::/0</ip>
            </networks>
            <profile>default</profile>
            <quota>default</quota>
        </default>
${readerUser(CLICKHOUSE_READER_USER)}
        <!-- The raw tool's: the reader's profile, but not its user (KILL QUERY of one's own user is allowed). -->
${readerUser(CLICKHOUSE_RAW_USER)}
    </users>
    <quotas>
        <!-- Debian's: no limits, usage counted per hour. -->
        <default>
            <interval>
                <duration>3600</duration>
                <queries>0</queries>
                <errors>0</errors>
                <result_rows>0</result_rows>
                <read_rows>0</read_rows>
                <execution_time>0</execution_time>
            </interval>
        </default>
    </quotas>
</yandex>
`;
}
