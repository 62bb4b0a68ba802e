package dev.obsdemo.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests no HTTP client library sends as they are: a 25 KB header, a
 * 9,000-character request line, a {@code Content-Length} larger than the body that follows. The answer is read
 * until the server closes the connection or 5 s pass, and parsed into status, headers and body.
 */
public final class RawHttp {

    /** What the server answered. Header names are lower-case; the body is decoded as UTF-8. */
    public record Answer(int status, Map<String, String> headers, String body) {

        /** The header's value, null when absent; {@code name} in any case. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {}

    /**
     * Sends {@code head} (request line and header lines, each ending in CRLF, without the empty line) and
     * {@code body}, with {@code Connection: close} added, to 127.0.0.1:{@code port}.
     */
    public static Answer send(int port, String head, byte[] body) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            try {
                out.write(body);
                out.flush();
            } catch (IOException refusedBeforeTheBodyWasRead) {
                // The server may answer and close before it reads an oversized body: read what it said.
            }
            return parse(readAll(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A GET of {@code target} with the given extra header lines (each ending in CRLF). */
    public static Answer get(int port, String target, String headerLines) {
        return send(port, "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + headerLines, new byte[0]);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) != -1; ) {
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException endOfWhatTheServerSent) {
            // a keep-alive answer, or a reset after the answer: what arrived is the answer
        }
        return all.toByteArray();
    }

    private static Answer parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        int endOfHead = text.indexOf("\r\n\r\n");
        if (endOfHead < 0) {
            throw new AssertionError("no complete HTTP answer: '" + text + "'");
        }
        String[] lines = text.substring(0, endOfHead).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        String body = text.substring(endOfHead + 4);
        String length = headers.get("content-length");
        if (length != null && body.length() > Integer.parseInt(length)) {
            body = body.substring(0, Integer.parseInt(length));
        }
        return new Answer(status, headers, body);
    }
}
