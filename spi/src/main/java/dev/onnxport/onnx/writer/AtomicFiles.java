package dev.onnxport.onnx.writer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a set of files all-or-nothing: each goes to a temporary file in its target's folder (so the final
 * move is a rename on the same file system), and only when every one is complete are they moved into place.
 * On any failure the temporary files are deleted and existing targets are left as they were.
 */
final class AtomicFiles implements AutoCloseable {
    /** Writes the content of one file. */
    @FunctionalInterface
    interface Body {
        void write(OutputStream out) throws IOException;
    }

    private record Pending(Path temp, Path target) {}

    private final List<Pending> pending = new ArrayList<>();
    private boolean committed;

    /** Writes {@code body} to a temporary file that {@link #commit} moves to {@code target}. */
    void write(Path target, Body body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path temp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        pending.add(new Pending(temp, abs));
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
             OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
            body.write(out);
            out.flush();
            ch.force(true);
        }
    }

    /** Moves every written file into place, in the order written. */
    void commit() throws IOException {
        for (Pending p : pending) {
            try {
                Files.move(p.temp(), p.target(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(p.temp(), p.target(), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        committed = true;
    }

    /** Deletes temporary files left by a failed write. */
    @Override
    public void close() {
        if (committed) return;
        for (Pending p : pending) {
            try {
                Files.deleteIfExists(p.temp());
            } catch (IOException ignored) {
                // best effort: the original exception is the one that matters
            }
        }
    }

    /** Writes one file atomically. */
    static void writeFile(Path target, Body body) throws IOException {
        try (AtomicFiles files = new AtomicFiles()) {
            files.write(target, body);
            files.commit();
        }
    }
}
