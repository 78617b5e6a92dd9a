package dev.switchyard.stack;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.cli.ExecutionContext;
import org.neo4j.commandline.admin.security.SetInitialPasswordCommand;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.graphdb.Transaction;
import org.neo4j.io.ByteUnit;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.server.security.SecureHasher;
import org.neo4j.server.security.SystemGraphCredential;
import picocli.CommandLine;

/**
 * Neo4j Community (embedded DBMS) with Bolt on 127.0.0.1, auth on, for Switchyard's dev/test stack.
 *
 * <pre>
 * java [heap flags] -jar target/neo4j-runtime.jar [--data-dir DIR] [--port N] [--password PW]
 *      [--listen ADDR] [--pagecache SIZE_MB]
 * </pre>
 * Each option falls back to an environment variable: NEO4J_DATA_DIR (default ./neo4j-data),
 * NEO4J_BOLT_PORT (7687), NEO4J_PASSWORD (required, at least 8 characters), NEO4J_LISTEN
 * (127.0.0.1), NEO4J_PAGECACHE_MB (64).
 *
 * The data directory is Neo4j's home: databases under DIR/data, logs under DIR/logs/debug.log.
 * Password of user neo4j: on the first start (no system database yet) it is written as the initial
 * password before the DBMS starts, so Bolt never accepts the default one. On a later start it is
 * checked against the stored hash and, only if it differs, applied with ALTER USER: a changed
 * NEO4J_PASSWORD takes effect, but only by the time the "ready" line is printed (until then clients
 * get Unauthorized, and 3 failures lock the user out for 5 s). Readiness: a line on stdout starting with
 * "NEO4J_READY ". SIGTERM/SIGINT shut the DBMS down cleanly (exit code 143/130).
 */
public final class Neo4jRuntime {
    private static final String READY = "NEO4J_READY";

    public static void main(String[] args) throws Exception {
        Path home = Path.of(opt(args, "--data-dir", "NEO4J_DATA_DIR", "neo4j-data")).toAbsolutePath();
        int port = Integer.parseInt(opt(args, "--port", "NEO4J_BOLT_PORT", "7687"));
        String listen = opt(args, "--listen", "NEO4J_LISTEN", "127.0.0.1");
        long pageCacheMb = Long.parseLong(opt(args, "--pagecache", "NEO4J_PAGECACHE_MB", "64"));
        String password = opt(args, "--password", "NEO4J_PASSWORD", null);
        if (password == null || password.codePointCount(0, password.length()) < 8) {
            System.err.println("neo4j-runtime: NEO4J_PASSWORD (or --password) of at least 8 characters is required");
            System.exit(2);
        }
        Files.createDirectories(home);
        if (!Files.exists(home.resolve("data/databases/system"))) {
            // First start: the same as `neo4j-admin dbms set-initial-password`. It writes
            // data/dbms/auth.ini, which the system database reads when it is created, so the
            // password is in force before Bolt accepts its first connection.
            int rc = new CommandLine(new SetInitialPasswordCommand(new ExecutionContext(home, home.resolve("conf"),
                    new PrintStream(OutputStream.nullOutputStream()), System.err, new DefaultFileSystemAbstraction())))
                    .execute(password);
            if (rc != 0) {
                System.exit(2);
            }
        }

        long t0 = System.nanoTime();
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(listen, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(listen, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // dbms.security.allow_csv_import_from_file_urls: Community has no roles (no DENY LOAD), and
                // its default (true) let a READ transaction run LOAD CSV FROM 'file:///etc/passwd' and read
                // the file (verified on 5.26.30, absolute paths outside the import directory included).
                // Switchyard never loads CSV from this server's disk, so file URLs are refused outright.
                .setConfig(GraphDatabaseSettings.allow_file_urls, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
                // dev stack: keep transaction logs small instead of 2 days / 256 MiB preallocated
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "1 files")
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(16))
                // Netty waits a 5 s quiet period per event-loop group on shutdown (~10 s): skip it.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("neo4j-runtime: shutting down");
            try {
                dbms.shutdown();
            } finally {
                System.out.println("neo4j-runtime: stopped");
                stopped.countDown();
            }
        }, "neo4j-runtime-shutdown"));

        long t1 = System.nanoTime();
        try {
            setPassword(dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), password);
        } catch (RuntimeException e) {
            System.err.println("neo4j-runtime: could not set the password of user neo4j: " + e);
            System.exit(1);
        }

        long t2 = System.nanoTime();
        String version = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally(
                "CALL dbms.components() YIELD name, versions, edition RETURN name + ' ' + versions[0] + ' ' + edition AS v",
                Map.of(), r -> (String) r.next().get("v"));
        System.out.printf("%s bolt://%s:%d %s (dbms %d ms, password %d ms, total %d ms)%n", READY, listen, port, version,
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (System.nanoTime() - t0) / 1_000_000);
        System.out.flush();
        stopped.await();
    }

    /** Make user neo4j's password equal to {@code password}: idempotent across restarts. */
    private static void setPassword(GraphDatabaseService system, String password) {
        if (passwordInForce(system, password)) {
            return; // the usual restart: skip the Cypher admin command (about 3 s of cold planning)
        }
        List<Object> rows = system.executeTransactionally(
                "SHOW USERS YIELD user, passwordChangeRequired WHERE user = 'neo4j' RETURN passwordChangeRequired",
                Map.of(), r -> r.stream().map(m -> m.get("passwordChangeRequired")).toList());
        if (rows.isEmpty()) {
            system.executeTransactionally("CREATE USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
            return;
        }
        try {
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (QueryExecutionException e) {
            // Neo4j refuses to "change" a password to itself; that means it is already in force.
            if (!String.valueOf(e.getMessage()).contains("Old password and new password cannot be the same")) {
                throw e;
            }
        }
    }

    /**
     * Whether user neo4j already has this password and no pending change: read from the system graph
     * with Neo4j's own (internal) credential classes. Any failure answers false, and the caller then
     * takes the slower Cypher path, which is always correct.
     */
    private static boolean passwordInForce(GraphDatabaseService system, String password) {
        try (Transaction tx = system.beginTx()) {
            Node user = tx.findNode(Label.label("User"), "name", "neo4j");
            if (user == null || !Boolean.FALSE.equals(user.getProperty("passwordChangeRequired", null))) {
                return false;
            }
            return SystemGraphCredential.deserialize(String.valueOf(user.getProperty("credentials")), new SecureHasher())
                    .matchesPassword(password.getBytes(StandardCharsets.UTF_8));
        } catch (Exception | LinkageError e) {
            return false;
        }
    }

    private static String opt(String[] args, String name, String env, String dflt) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(name) && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith(name + "=")) {
                return args[i].substring(name.length() + 1);
            }
        }
        String v = System.getenv(env);
        return v != null && !v.isEmpty() ? v : dflt;
    }
}
