package dev.obsdemo.load;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The trace IDs of a run, one CSV line per response: {@code traceId,requestId,route,status}, where traceId is
 * the response's {@code X-Trace-Id} (32 hex digits), requestId the {@code X-Request-ID} the simulation sent,
 * route a {@link Route} name and status the HTTP status (0 when no response arrived). A header line comes
 * first. {@link TraceCompleteness} samples it after the run.
 *
 * <p>Lines are written as responses arrive, from Gatling's threads, and flushed on {@link #close()}.
 */
public final class TraceLog implements AutoCloseable {

    /** The CSV header line. */
    public static final String HEADER = "traceId,requestId,route,status";

    /** One recorded response. */
    public record Entry(String traceId, String requestId, Route route, int status) {}

    private final Path file;
    private final BufferedWriter out;
    private long lines;

    private TraceLog(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    /** A log that writes to this file (replacing it; its folder is created), or {@code null} for none. */
    public static TraceLog open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            out.write(HEADER);
            out.newLine();
            return new TraceLog(file, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace IDs to " + file, e);
        }
    }

    /** Appends one response; a response without a trace ID is recorded with an empty one. */
    public synchronized void record(String traceId, String requestId, Route route, int status) {
        try {
            out.write((traceId == null ? "" : traceId) + "," + requestId + "," + route.name() + "," + status);
            out.newLine();
            lines++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace IDs to " + file, e);
        }
    }

    /** How many responses were recorded so far. */
    public synchronized long size() {
        return lines;
    }

    /** The file it writes. */
    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace IDs to " + file, e);
        }
    }

    /**
     * Reads a file this class wrote. Lines of routes this version does not know are skipped.
     *
     * @throws UncheckedIOException when the file cannot be read
     * @throws IllegalArgumentException when it is not a trace log (another header, a malformed line)
     */
    public static List<Entry> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trace IDs from " + file, e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IllegalArgumentException(file + " is not a trace log: its first line is not " + HEADER);
        }
        List<Entry> entries = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",", -1);
            if (fields.length != 4) {
                throw new IllegalArgumentException(file + ": malformed line: " + line);
            }
            Route.named(fields[2])
                    .ifPresent(
                            route -> entries.add(new Entry(fields[0], fields[1], route, Integer.parseInt(fields[3]))));
        }
        return entries;
    }
}
