package dev.brew.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An HTTP/1.1 client that writes its whole request, body included, before it reads a byte of the answer (as many
 * simple clients do; curl instead reads while it writes, and so sees an early answer). Issue 19: with an oversized
 * body such a client got its connection reset instead of the server's 413 when the server answered without reading
 * the body and closed with bytes still unread.
 */
public final class WholeBodyFirstClient {

    private WholeBodyFirstClient() {
    }

    /** What came back: the raw answer text, or the failure (a reset, a timeout) that came instead. */
    public record Outcome(String answer, String failure) {

        public boolean answered() {
            return failure == null;
        }

        public String statusLine() {
            return answer == null ? "" : answer.lines().findFirst().orElse("");
        }

        public String body() {
            int end = answer == null ? -1 : answer.indexOf("\r\n\r\n");
            return end < 0 ? "" : answer.substring(end + 4);
        }

        @Override
        public String toString() {
            return answered() ? statusLine() : "no answer: " + failure;
        }
    }

    /**
     * Sends {@code head} (request line and headers, without the blank line; a {@code Content-Length} of
     * {@code bodyBytes} is added) and {@code bodyBytes} bytes of body, all of it, and only then reads the answer
     * until the server closes or {@code timeoutSeconds} pass.
     */
    public static Outcome send(String host, int port, String head, int bodyBytes, int timeoutSeconds) {
        try (Socket socket = new Socket()) {
            // A small send buffer keeps the client writing while the server decides, as on a real network: on
            // loopback a large one would take the whole body at once and hide a server that closes on unread bytes.
            socket.setSendBufferSize(64 * 1024);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(timeoutSeconds * 1000);
            // A write cannot time out on its own: a server that neither reads nor closes would hold it for ever.
            CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write((head + "\r\nContent-Length: " + bodyBytes + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    byte[] chunk = new byte[64 * 1024];
                    Arrays.fill(chunk, (byte) 'x');
                    for (int sent = 0; sent < bodyBytes; sent += chunk.length) {
                        out.write(chunk, 0, Math.min(chunk.length, bodyBytes - sent));
                    }
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try {
                written.get(timeoutSeconds, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                return new Outcome(null, "while writing the body: " + e.getCause());
            } catch (TimeoutException e) {
                return new Outcome(null, "the body was not taken within " + timeoutSeconds + " s");
            }
            try {
                return new Outcome(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8), null);
            } catch (IOException e) {
                return new Outcome(null, "while reading the answer: " + e);
            }
        } catch (IOException e) {
            return new Outcome(null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, e.toString());
        }
    }
}
