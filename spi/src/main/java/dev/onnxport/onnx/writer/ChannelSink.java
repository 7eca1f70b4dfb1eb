package dev.onnxport.onnx.writer;

import dev.onnxport.tensor.BufferStorage;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.util.AtomicFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * An OutputStream over a FileChannel that also takes whole tensors: their bytes go from storage into one
 * direct buffer and from there to the channel (one copy for heap arrays, none for a memory-mapped file,
 * whose region is handed to the channel as it is). A plain stream would add a byte[] and the JDK's
 * temporary direct buffer on the way. Tensor bytes are handed to the channel on a writer thread, one write at a
 * time and in order, while this thread goes on to gather the next chunk; {@link #flush} waits for them.
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
    /** The double buffer of {@link #writeGathered}, allocated on first use, and which of the two is free. */
    private final ByteBuffer[] gather = new ByteBuffer[2];
    private int nextChunk;
    /**
     * The writer thread's pool (created on first use; its thread ends a second after its last write), the write in
     * flight on it (or null) and that write's length. A failed export leaves at most that one write to run out: it
     * ends on its own, or fails on the channel the caller closes.
     */
    private ExecutorService writer;
    private Future<?> inFlight;
    private long inFlightBytes;

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
            int from = Math.toIntExact(t.offset() * es), to = Math.toIntExact((t.offset() + n) * es);
            // in slices: a tensor of a few GB then moves the count and starts the early forces while it is written;
            // on the writer thread, so that the kernel's copy from the mapping overlaps the gather of what follows
            for (int at = from; at < to; ) {
                int end = (int) Math.min(to, (long) at + SLICE);
                ByteBuffer src = b.buffer();   // a view of its own: the write runs on another thread
                src.limit(end).position(at);
                writeAsync(src);
                at = end;
            }
            return;
        }
        writeGathered(t, es, n);
    }

    /**
     * A tensor whose bytes must be gathered (a strided view such as a constant-folded transposed weight, or heap
     * storage): whole rows per chunk, at least {@link #MIN_ROWS} of them, so that a transposed weight is read in
     * runs of that many adjacent elements (a chunk that starts mid-row reads its elements one cache line each: the
     * untied head of GPT-2 small, 50257 columns, cost a second so). Two buffers: while the writer thread writes one
     * chunk, this thread gathers the next into the other.
     */
    private void writeGathered(Tensor t, int es, long n) throws IOException {
        if (n * es > buffer.remaining()) drain();
        if (n * es <= buffer.remaining()) {   // a small tensor joins the bytes before and after it
            t.copyBytesTo(0, n, buffer);
            return;
        }
        long rowLen = t.dim() == 0 ? 1 : Math.max(1, t.shape()[t.dim() - 1]);
        long rowBytes = rowLen * es;
        long perChunk = rowBytes * MIN_ROWS <= MAX_GATHER_BYTES
                ? Math.max(MIN_ROWS, GATHER_BYTES / rowBytes) * rowLen
                : Math.max(1, GATHER_BYTES / es);   // rows too long to take many (a 1-d tensor): element ranges
        ByteBuffer[] chunks = gatherBuffers(perChunk * es);
        for (long from = 0; from < n; from += perChunk) {
            long count = Math.min(n - from, perChunk);
            // the write in flight (if any) is of the other buffer or of a mapped tensor: this one is free
            ByteBuffer chunk = chunks[nextChunk];
            nextChunk ^= 1;
            chunk.clear();
            t.copyBytesTo(from, count, chunk);
            chunk.flip();
            writeAsync(chunk);
        }
    }

    /**
     * Hands {@code b} to the writer thread, after the write in flight before it has ended (one at a time, in order:
     * the file's bytes stay in sequence). {@code b} must not change until the next call or {@link #drain}.
     */
    private void writeAsync(ByteBuffer b) throws IOException {
        awaitWrite();
        if (writer == null) {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), WRITER_THREADS);
            pool.allowCoreThreadTimeOut(true);   // its thread ends a second after the last write, also after a failure
            writer = pool;
        }
        long bytes = b.remaining();
        inFlight = writer.submit(() -> {
            while (b.hasRemaining()) channel.write(b);
            return null;
        });
        inFlightBytes = bytes;
    }

    /**
     * Waits for the write in flight, if any, and throws its failure; then counts it and lets the file force behind
     * it. Never interrupts the write: an interrupted FileChannel write closes the channel.
     */
    private void awaitWrite() throws IOException {
        Future<?> w = inFlight;
        if (w == null) return;
        inFlight = null;
        try {
            w.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while writing " + inFlightBytes + " bytes");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IOException(e.getCause());
        }
        if (counter != null) counter.add(inFlightBytes);
        syncBehind();
    }

    private static final ThreadFactory WRITER_THREADS = r -> {
        Thread th = new Thread(r, "onnxport-write");
        th.setDaemon(true);
        return th;
    };

    /** Bytes of one gathered chunk (two are allocated): enough rows that {@link Tensor#copyBytesTo} reads long runs. */
    static final long GATHER_BYTES = 8 << 20;
    /** The most bytes of one chunk: {@link #MIN_ROWS} rows longer than this are not gathered together. */
    static final long MAX_GATHER_BYTES = 64L << 20;
    /**
     * Rows of a strided tensor gathered together at least, however long they are: for a transposed weight, the
     * floats read per source run (64: 256 bytes; GPT-2's head, 50257 columns, then takes 13 MB per chunk).
     */
    static final int MIN_ROWS = 64;

    /** The two gather buffers, at least {@code bytes} each, kept for later tensors. */
    private ByteBuffer[] gatherBuffers(long bytes) {
        if (gather[0] == null || gather[0].capacity() < bytes) {
            for (int i = 0; i < 2; i++) {
                gather[i] = ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
            }
        }
        return gather;
    }

    @Override
    public void flush() throws IOException { drain(); }

    private void drain() throws IOException {
        awaitWrite();
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
