package dev.onnxport.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;

/**
 * Runs one case of a bad-input catalogue: the action must fail with an exception of the expected type whose
 * message holds every fragment (the file or option, and the fault), within a few seconds, without an Error
 * (OutOfMemoryError, StackOverflowError), and without changing anything in the watched folder.
 */
public final class BadInput {
    /** Each case must be refused within this time. */
    public static final Duration BOUND = Duration.ofSeconds(5);

    private BadInput() {}

    public static <E extends Throwable> E rejects(Class<E> type, Path watched, Executable action, String... fragments) {
        Map<String, String> before = snapshot(watched);
        Throwable thrown = assertTimeoutPreemptively(BOUND, () -> {
            try {
                action.execute();
                return null;
            } catch (Throwable t) {
                return t;
            }
        }, "a bad input must be refused within " + BOUND.toSeconds() + " s");
        if (thrown == null) fail("the bad input was accepted");
        if (thrown instanceof Error) throw new AssertionError("bad input gave an Error, not a typed exception: " + thrown, thrown);
        if (!type.isInstance(thrown)) throw new AssertionError("expected " + type.getSimpleName() + " but got " + thrown, thrown);
        String m = String.valueOf(thrown.getMessage());
        for (String f : fragments) assertTrue(m.contains(f), "message lacks '" + f + "': " + m);
        assertFalse(m.contains("\n"), "the message must be one line: " + m);
        assertEquals(before, snapshot(watched), "the bad input changed files in " + watched);
        return type.cast(thrown);
    }

    private static void digest(FileChannel ch, MessageDigest md, long from, long length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1 << 16);
        for (long pos = from, end = from + length; pos < end; ) {
            b.clear().limit((int) Math.min(b.capacity(), end - pos));
            int n = ch.read(b, pos);
            if (n < 0) break;
            md.update(b.flip());
            pos += n;
        }
    }

    /** Makes a named pipe (FIFO) at {@code p} with mkfifo(1); reading it would block until a writer comes. */
    public static Path fifo(Path p) throws IOException {
        try {
            Process pr = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
            if (pr.waitFor() != 0 || !Files.exists(p)) throw new IOException("mkfifo " + p + " failed");
            return p;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Every entry under {@code dir} (links not followed): its kind, and a file's SHA-256 or a link's target. */
    public static Map<String, String> snapshot(Path dir) {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return out;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String key = dir.relativize(p).toString();
                if (Files.isSymbolicLink(p)) out.put(key, "link -> " + Files.readSymbolicLink(p));
                else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) out.put(key, "folder");
                else if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) out.put(key, "special file");  // a FIFO: reading it blocks
                else out.put(key, sha256(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Files past 16 MiB (sparse test files of gigabytes) are summed by size, time and their first and last MiB. */
    private static String sha256(Path p) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            long size = Files.size(p);
            try (FileChannel ch = FileChannel.open(p)) {
                if (size <= 16 << 20) {
                    digest(ch, md, 0, size);
                } else {
                    digest(ch, md, 0, 1 << 20);
                    digest(ch, md, size - (1 << 20), 1 << 20);
                    md.update(Files.getLastModifiedTime(p).toString().getBytes(StandardCharsets.UTF_8));
                }
            }
            return size + " " + HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
