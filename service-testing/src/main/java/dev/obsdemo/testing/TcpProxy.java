package dev.obsdemo.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A loopback TCP proxy in front of a real server (PostgreSQL, Redis) that a test can cut and restore, to see
 * what a service does when its dependency goes away and comes back, without stopping the shared server.
 *
 * <p>{@link #cut()} resets every open connection and refuses new ones until {@link #restore()}.
 * {@link #dropConnectionOnClientSending(String)} kills one connection in the middle of a conversation: the
 * moment the client sends a given command, which never reaches the server.
 *
 * <p>A little over the project's usual 150 lines: besides cutting and restoring, it can drop a connection at a
 * chosen command (the Redis race tests need that), which Toxiproxy's toxics cannot aim at one command.
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean cut = new AtomicBoolean();
    /** Lower-case marker armed by {@link #dropConnectionOnClientSending}, or null. */
    private final AtomicReference<String> dropMarker = new AtomicReference<>();

    private volatile boolean closed;

    /** Listens on a free loopback port and forwards every connection to {@code targetHost:targetPort}. */
    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-" + server.getLocalPort() + "->" + targetPort);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The loopback port to point the service at. */
    public int port() {
        return server.getLocalPort();
    }

    /** Drops every connection and refuses new ones, as a crashed or unreachable server would. */
    public void cut() {
        cut.set(true);
        open.forEach(TcpProxy::resetQuietly);
        open.clear();
    }

    /** Accepts and forwards connections again, as a server that came back. */
    public void restore() {
        cut.set(false);
        dropMarker.set(null);
    }

    /**
     * Arms a one-time fault: the next chunk a client sends that contains {@code marker} (ASCII, any case; e.g. a
     * Redis command name such as {@code PEXPIRE}) is not forwarded, and that connection is reset, as when a
     * connection dies between two commands of a client. Later connections are forwarded as usual.
     */
    public void dropConnectionOnClientSending(String marker) {
        dropMarker.set(marker.toLowerCase(Locale.ROOT));
    }

    /** True when the fault armed by {@link #dropConnectionOnClientSending} has not fired yet. */
    public boolean isDropArmed() {
        return dropMarker.get() != null;
    }

    /** True between {@link #cut()} and {@link #restore()}. */
    public boolean isCut() {
        return cut.get();
    }

    @Override
    public void close() {
        closed = true;
        cut();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (cut.get()) {
                resetQuietly(client);
                continue;
            }
            try {
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(targetHost, targetPort), 2000);
                open.add(client);
                open.add(upstream);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                resetQuietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromClient) {
        Thread pump = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int read;
                        while ((read = in.read(buffer)) >= 0) {
                            if (fromClient && dropsChunk(buffer, read)) {
                                return; // the finally block resets both sides
                            }
                            out.write(buffer, 0, read);
                            out.flush();
                        }
                    } catch (IOException ignored) {
                        // the other side or cut() closed the connection
                    } finally {
                        resetQuietly(from);
                        resetQuietly(to);
                        open.remove(from);
                        open.remove(to);
                    }
                },
                "tcp-proxy-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private boolean dropsChunk(byte[] buffer, int length) {
        String marker = dropMarker.get();
        if (marker == null) {
            return false;
        }
        String chunk = new String(buffer, 0, length, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        return chunk.contains(marker) && dropMarker.compareAndSet(marker, null);
    }

    private static void resetQuietly(Socket socket) {
        try {
            socket.setSoLinger(true, 0); // RST, not FIN: the peer fails at once instead of waiting
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
