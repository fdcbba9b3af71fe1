package com.jada.chartersync.deadletter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A local append-only file of dead letters (one JSON line each) for when the dead-letter table cannot be written.
 * Each line is forced to disk before the failure counts as stored. {@link #drain} hands lines to the table in
 * order and keeps whatever the table still refuses.
 */
final class DeadLetterJournal {

    /** Stores one journal line somewhere durable; throws when it cannot. */
    interface Sink {
        void accept(String line) throws Exception;
    }

    private final Path path;

    DeadLetterJournal(Path path) {
        this.path = path.toAbsolutePath();
    }

    Path path() {
        return path;
    }

    synchronized void append(String line) throws IOException {
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        try (FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            out.write(StandardCharsets.UTF_8.encode(line.replace('\n', ' ') + "\n"));
            out.force(true);
        }
    }

    synchronized boolean hasEntries() {
        try {
            return Files.exists(path) && Files.size(path) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    synchronized List<String> lines() {
        if (!hasEntries()) {
            return List.of();
        }
        try {
            return Files.readAllLines(path, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hands each line to the sink; rewrites the journal with the lines the sink did not take. */
    synchronized int drain(Sink sink) {
        List<String> lines = lines();
        int taken = 0;
        for (String line : lines) {
            try {
                sink.accept(line);
                taken++;
            } catch (Exception stillRefused) {
                break;
            }
        }
        if (taken == 0) {
            return 0;
        }
        List<String> rest = new ArrayList<>(lines.subList(taken, lines.size()));
        try {
            Path next = path.resolveSibling(path.getFileName() + ".next");
            Files.write(next, rest, StandardCharsets.UTF_8);
            Files.move(next, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return taken;
    }
}
