package com.jada.chartersync.localcloud;

import com.jada.chartersync.LocalSandboxTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Nothing of the embedded default can be reached from another machine: every TCP socket this JVM listens on
 * (the runtime, every stand-in, S3Mock's own connectors) is bound to loopback. Read from the kernel's own
 * tables, as {@code ss -ltn} shows them, not from what the code believes it configured.
 */
class LoopbackOnlyTest extends LocalSandboxTest {

    @org.springframework.beans.factory.annotation.Autowired
    LocalCloud cloud;

    @LocalServerPort
    int runtime;
    @Value("${charter.local.dynamodb-port}")
    int dynamodb;
    @Value("${charter.local.s3-port}")
    int s3;
    @Value("${charter.local.calendar-port}")
    int calendar;
    @Value("${charter.local.cloudfront-port}")
    int cloudfront;
    @Value("${charter.local.edge-port}")
    int edge;
    @Value("${charter.local.lambda-port}")
    int lambda;

    record Listener(InetAddress address, int port) {
        @Override
        public String toString() {
            return address.getHostAddress() + ":" + port;
        }
    }

    @Test
    void everyLocalServiceAndTheRuntimeListenOnLoopbackOnly() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs Linux's /proc");

        List<Listener> listeners = listenersOf(ProcessHandle.current().pid(), cloud.dynamoDbPid());

        assertThat(listeners).extracting(Listener::port).contains(runtime, dynamodb, s3, calendar, cloudfront, edge, lambda);
        assertThat(listeners).as("listening sockets of this JVM").allMatch(l -> l.address().isLoopbackAddress());
    }

    /**
     * TCP sockets in state LISTEN from /proc/net/tcp{,6} whose inode is an open file of one of these processes
     * (this JVM, and dynalite, the local cloud's DynamoDB, which runs as a child process).
     */
    static List<Listener> listenersOf(long... pids) throws IOException {
        Set<String> ownInodes = new HashSet<>();
        for (long pid : pids) {
            collectSocketInodes(pid, ownInodes);
        }
        return listeners(ownInodes);
    }

    private static void collectSocketInodes(long pid, Set<String> ownInodes) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        ownInodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the fd was closed while listing
                }
            });
        }
    }

    private static List<Listener> listeners(Set<String> ownInodes) throws IOException {
        List<Listener> out = new ArrayList<>();
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.strip().split("\\s+");
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                if ("0A".equals(f[3]) && ownInodes.contains(f[9])) {
                    String[] local = f[1].split(":");
                    out.add(new Listener(address(local[0]), Integer.parseInt(local[1], 16)));
                }
            }
        }
        return out;
    }

    /** The kernel prints each 32-bit word of the address in host (little-endian) byte order. */
    private static InetAddress address(String hex) throws IOException {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = word * 8 + (3 - b) * 2;
                bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return InetAddress.getByAddress(bytes);
    }
}
