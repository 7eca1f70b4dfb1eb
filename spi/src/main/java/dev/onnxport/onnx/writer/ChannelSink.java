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

    ChannelSink(FileChannel channel) {
        this.channel = channel;
        this.file = null;
    }

    /** Writes to {@code file}'s channel, forcing behind the writes ({@link AtomicFile#syncBehind}). */
    ChannelSink(AtomicFile file) {
        this.channel = file.channel();
        this.file = file;
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
            int end = Math.toIntExact((t.offset() + n) * es);
            src.limit(end).position(Math.toIntExact(t.offset() * es));
            while (src.position() < end) {
                src.limit((int) Math.min(end, (long) src.position() + SLICE));
                while (src.hasRemaining()) channel.write(src);
                syncBehind();
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
        while (buffer.hasRemaining()) channel.write(buffer);
        buffer.clear();
        syncBehind();
    }

    private void syncBehind() throws IOException {
        if (file != null) file.syncBehind();
    }
}
