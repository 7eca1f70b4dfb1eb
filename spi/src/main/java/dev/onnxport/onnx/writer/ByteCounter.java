package dev.onnxport.onnx.writer;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Counts a write's bytes for an {@link OnnxWriter.Progress}, telling it at the start, about every
 * {@link OnnxWriter#PROGRESS_STEP} bytes, and at the end: a comparison per chunk written, a call per step.
 */
final class ByteCounter {
    private final OnnxWriter.Progress listener;
    private final long total;
    private long done;
    private long next = OnnxWriter.PROGRESS_STEP;
    private long told = -1;

    private ByteCounter(OnnxWriter.Progress listener, long total) {
        this.listener = listener;
        this.total = total;
    }

    /** A counter of {@code total} bytes that has told {@code listener} of 0 done; null when the listener is null. */
    static ByteCounter start(OnnxWriter.Progress listener, long total) {
        if (listener == null) return null;
        ByteCounter c = new ByteCounter(listener, total);
        c.tell();
        return c;
    }

    /** Counts {@code n} bytes written; a write longer than a step is told step by step, as the contract says. */
    void add(long n) {
        for (long left = n; left > 0; ) {
            long k = Math.min(left, OnnxWriter.PROGRESS_STEP);
            left -= k;
            done += k;
            if (done >= next) {
                next = done + OnnxWriter.PROGRESS_STEP;
                tell();
            }
        }
    }

    /** Tells the listener the final count, unless it already knows it. */
    void finish() {
        if (told != done) tell();
    }

    private void tell() {
        told = done;
        listener.bytes(done, total);
    }

    /** {@code out} with every byte written through it counted by {@code counter}; {@code out} itself when that is null. */
    static OutputStream counting(OutputStream out, ByteCounter counter) {
        if (counter == null) return out;
        return new FilterOutputStream(out) {
            @Override public void write(int b) throws IOException {
                out.write(b);
                counter.add(1);
            }

            @Override public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                counter.add(len);
            }

            @Override public void close() throws IOException { flush(); }   // the caller closes the stream it gave
        };
    }
}
