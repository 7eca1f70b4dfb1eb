package dev.onnxport.onnx.writer;

import dev.onnxport.tensor.BufferStorage;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.util.AtomicFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * An OutputStream over a FileChannel that also takes whole tensors: their bytes go from storage into one
 * direct buffer and from there to the channel (one copy for heap arrays, none for a memory-mapped file,
 * whose region is handed to the channel as it is). A plain stream would add a byte[] and the JDK's
 * temporary direct buffer on the way.
 *
 * <p>Made over an {@link AtomicFile}, it calls {@link AtomicFile#syncBehind} after every write of at most
 * {@link #SLICE} bytes, so that the file's early forces start while the rest is written.
 */
final class ChannelSink extends OutputStream {
    /** The most bytes of one tensor handed to the channel in one write. */
    static final int SLICE = 8 << 20;

    private final FileChannel channel;
    private final AtomicFile file;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(TensorBytes.CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteCounter counter;

    ChannelSink(FileChannel channel) { this(channel, null, null); }

    /** A sink that counts every byte it hands to the channel with {@code counter} (when not null). */
    ChannelSink(FileChannel channel, ByteCounter counter) { this(channel, null, counter); }

    /** Writes to {@code file}'s channel, forcing behind the writes ({@link AtomicFile#syncBehind}). */
    ChannelSink(AtomicFile file) { this(file, null); }

    /** As {@link #ChannelSink(AtomicFile)}, counting the bytes as above. */
    ChannelSink(AtomicFile file, ByteCounter counter) { this(file.channel(), file, counter); }

    private ChannelSink(FileChannel channel, AtomicFile file, ByteCounter counter) {
        this.channel = channel;
        this.file = file;
        this.counter = counter;
    }

    @Override
    public void write(int b) throws IOException {
        if (!buffer.hasRemaining()) drain();
        buffer.put((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (!buffer.hasRemaining()) drain();
            int n = Math.min(len, buffer.remaining());
            buffer.put(b, off, n);
            off += n;
            len -= n;
        }
    }

    /** Writes the raw data of {@code t} (little-endian, row-major), after anything written before. */
    void writeTensor(Tensor t) throws IOException {
        if (t.isMeta()) throw new IllegalStateException("tensor " + t + " has no data (meta tensor)");
        int es = t.dtype().byteSize();
        long n = t.numel();
        if (t.storage() instanceof BufferStorage b && t.isContiguous()) {
            drain();
            ByteBuffer src = b.buffer();
            int from = Math.toIntExact(t.offset() * es), to = Math.toIntExact((t.offset() + n) * es);
            // in slices: a tensor of a few GB then moves the count and starts the early forces while it is written
            int slice = counter == null ? SLICE : (int) Math.min(SLICE, OnnxWriter.PROGRESS_STEP);
            for (int at = from; at < to; ) {
                int end = (int) Math.min(to, (long) at + slice);
                src.limit(end).position(at);
                while (src.hasRemaining()) channel.write(src);
                if (counter != null) counter.add(end - at);
                syncBehind();
                at = end;
            }
            return;
        }
        for (long from = 0; from < n; ) {
            if (buffer.remaining() < es) drain();
            long count = Math.min(n - from, buffer.remaining() / es);
            t.copyBytesTo(from, count, buffer);
            from += count;
        }
    }

    @Override
    public void flush() throws IOException { drain(); }

    private void drain() throws IOException {
        buffer.flip();
        int n = buffer.remaining();
        while (buffer.hasRemaining()) channel.write(buffer);
        buffer.clear();
        if (counter != null) counter.add(n);
        syncBehind();
    }

    private void syncBehind() throws IOException {
        if (file != null) file.syncBehind();
    }
}
