package dev.onnxport.onnx.writer;

import dev.onnxport.util.AtomicFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a set of files all-or-nothing: each goes to an {@link AtomicFile} temporary in its target's folder
 * (so the final move is a rename on the same file system), and only when every one is complete are they
 * moved into place. On any failure the temporary files are deleted and existing targets are left as they were.
 */
final class AtomicFiles implements AutoCloseable {
    /** Writes the content of one file. */
    @FunctionalInterface
    interface Body {
        void write(OutputStream out) throws IOException;
    }

    private final List<AtomicFile> pending = new ArrayList<>();

    /** Writes {@code body} to a temporary file that {@link #commit} moves to {@code target}. */
    void write(Path target, Body body) throws IOException {
        AtomicFile f = AtomicFile.begin(target);
        pending.add(f);
        // Not closed here: closing the stream would close the channel, which commit still needs.
        OutputStream out = new ChannelSink(f.channel());
        body.write(out);
        out.flush();
        f.force();
    }

    /** Moves every written file into place, in the order written. */
    void commit() throws IOException {
        for (AtomicFile f : pending) f.commit();
    }

    /** Deletes temporary files left by a failed write. */
    @Override
    public void close() {
        for (AtomicFile f : pending) {
            try {
                f.close();
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
