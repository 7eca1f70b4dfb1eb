package dev.onnxport.onnx.writer;

import dev.onnxport.tensor.BufferStorage;
import dev.onnxport.tensor.FileOrigin;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.util.AtomicFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * An OutputStream over a FileChannel that also takes whole tensors: their bytes go from storage into one
 * direct buffer and from there to the channel (one copy for heap arrays, none for a memory-mapped file, whose
 * region is handed to the channel as it is, or copied file to file by the kernel when its {@link FileOrigin} is
 * known). A plain stream would add a byte[] and the JDK's
 * temporary direct buffer on the way. Tensor bytes are handed to the channel on a writer thread, one write at a
 * time and in order, while this thread goes on to gather the next chunk; {@link #flush} waits for them.
 *
 * <p>Made over an {@link AtomicFile}, it calls {@link AtomicFile#syncBehind} after every write of at most
 * {@link #SLICE} bytes, so that the file's early forces start while the rest is written.
 *
 * <p>Made by {@link #over} for a large file, it writes around the page cache instead (O_DIRECT): every byte is
 * staged in one of two aligned buffers and written in whole blocks by the writer thread, nothing is forced early,
 * and {@link #flush} writes the last block padded and cuts the file back to its length.
 */
final class ChannelSink extends OutputStream {
    /** The most bytes of one tensor handed to the channel in one write. */
    static final int SLICE = 8 << 20;

    private final FileChannel channel;
    private final AtomicFile file;
    /** Small writes through the page cache (null around it, where the stages take them). */
    private final ByteBuffer buffer;
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
    /** Direct mode: the file position the write in flight ends at. */
    private long inFlightEnd;
    /** The source file of the last file-to-file copy ({@link #source}) and its origin; null when none is open. */
    private FileChannel source;
    private FileOrigin sourceOrigin;

    ChannelSink(FileChannel channel) { this(channel, null, null); }

    /** A sink that counts every byte it hands to the channel with {@code counter} (when not null). */
    ChannelSink(FileChannel channel, ByteCounter counter) { this(channel, null, counter); }

    /** Writes to {@code file}'s channel, forcing behind the writes ({@link AtomicFile#syncBehind}). */
    ChannelSink(AtomicFile file) { this(file, null); }

    /** As {@link #ChannelSink(AtomicFile)}, counting the bytes as above. */
    ChannelSink(AtomicFile file, ByteCounter counter) { this(file.channel(), file, counter); }

    private ChannelSink(FileChannel channel, AtomicFile file, ByteCounter counter) {
        this(channel, file, counter, null);
    }

    /** Over {@code file}, writing through {@code direct} when it is not null (tests hand in a channel of their own). */
    ChannelSink(FileChannel channel, AtomicFile file, ByteCounter counter, AtomicFile.Direct direct) {
        this.channel = channel;
        this.file = file;
        this.counter = counter;
        this.direct = direct == null ? null : direct.channel();
        this.align = direct == null ? 1 : direct.align();
        this.buffer = direct == null ? ByteBuffer.allocateDirect(TensorBytes.CHUNK).order(ByteOrder.LITTLE_ENDIAN) : null;
        if (direct != null) {
            for (int i = 0; i < 2; i++) {
                stages[i] = ByteBuffer.allocateDirect(STAGE + align).alignedSlice(align).order(ByteOrder.LITTLE_ENDIAN);
                stages[i].limit(STAGE);
            }
            stage = stages[0];
        }
    }

    /**
     * A sink for a file of about {@code bytes} bytes: at {@link #DIRECT_MIN_BYTES} or more written around the page
     * cache where the file system allows (O_DIRECT, {@link AtomicFile#openDirect}), else as {@link
     * #ChannelSink(AtomicFile, ByteCounter)}. The bytes are the same either way.
     */
    static ChannelSink over(AtomicFile file, ByteCounter counter, long bytes) {
        AtomicFile.Direct d = bytes >= DIRECT_MIN_BYTES ? file.openDirect() : null;
        return new ChannelSink(file.channel(), file, counter, d);
    }

    /**
     * Files from this size on are written around the page cache. The page cache would cost a copy of every byte
     * (the largest share of the system time of a GPT-2 small export, and erratic on a virtual machine), the writing
     * back behind it and, when the file is replaced later, the freeing of its pages; a small file gains nothing.
     */
    static volatile long DIRECT_MIN_BYTES = 64L << 20;

    @Override
    public void write(int b) throws IOException {
        if (direct != null) {
            if (!stage.hasRemaining()) submitStage();
            stage.put((byte) b);
            return;
        }
        if (!buffer.hasRemaining()) drain();
        buffer.put((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            ByteBuffer to = direct != null ? stage : buffer;
            if (!to.hasRemaining()) {
                if (direct != null) submitStage();
                else drain();
                continue;
            }
            int n = Math.min(len, to.remaining());
            to.put(b, off, n);
            off += n;
            len -= n;
        }
    }

    // ---- around the page cache (O_DIRECT) -----------------------------------------------------------------------------

    /** Whether this sink writes around the page cache. */
    boolean isDirect() { return direct != null; }

    /** Bytes of one staging buffer (two are allocated, aligned): at least {@link #MIN_ROWS} rows of GPT-2's head. */
    static final int STAGE = 16 << 20;

    /** The O_DIRECT channel (null when writing through the page cache) and the alignment its writes need. */
    private final FileChannel direct;
    private final int align;
    /** The two staging buffers, the one being filled, and the file position of its byte 0 (a multiple of align). */
    private final ByteBuffer[] stages = new ByteBuffer[2];
    private ByteBuffer stage;
    private long stageAt;
    /** Set when an O_DIRECT write failed: the rest goes through the page cache. Only the writer thread's writes and
     * {@link #flushStage} (after them) touch it. */
    private volatile boolean directRefused;
    /** How many of the file's bytes the counter has been told of. */
    private long countedTo;

    /**
     * Copies the raw data of {@code t} into the staging buffers: contiguous data in element ranges, a strided view
     * in whole rows (at least {@link #MIN_ROWS} per copy, as {@link #writeGathered} does and for the same reason)
     * unless its rows are too long for that.
     */
    private void stageTensor(Tensor t, int es, long n) throws IOException {
        long rowLen = t.dim() == 0 ? 1 : Math.max(1, t.shape()[t.dim() - 1]);
        long unit = !t.isContiguous() && rowLen * es * MIN_ROWS <= STAGE - align ? rowLen : 1;
        for (long from = 0; from < n; ) {
            long fit = stage.remaining() / (unit * es);
            if (fit == 0 || unit > 1 && fit < MIN_ROWS && (n - from) / unit > fit) {
                submitStage();   // leaves less than align bytes: room for MIN_ROWS rows
                continue;
            }
            long count = Math.min(n - from, fit * unit);
            t.copyBytesTo(from, count, stage);
            from += count;
        }
    }

    /**
     * Hands the whole blocks of the stage to the writer thread and goes on in the other buffer, which starts with the
     * bytes past the last whole block (fewer than align).
     */
    private void submitStage() throws IOException {
        int n = stage.position(), whole = n - n % align;
        if (whole == 0) return;
        awaitWrite();   // the write in flight, if any, is of the other buffer
        ByteBuffer next = stage == stages[0] ? stages[1] : stages[0];
        next.clear().limit(STAGE);
        next.put(stage.duplicate().limit(n).position(whole));
        ByteBuffer out = stage.duplicate().position(0).limit(whole);
        long at = stageAt;
        writeAsync(() -> writeAt(out, at), whole);
        inFlightEnd = at + whole;
        stageAt += whole;
        stage = next;
    }

    /**
     * Writes {@code b} at file position {@code at}, around the page cache; where the file system takes the O_DIRECT
     * open but refuses its writes (some FUSE and network file systems answer EINVAL), through the page cache from
     * then on. A real failure (a full disk, an I/O error) fails the write through the page cache too.
     */
    private void writeAt(ByteBuffer b, long at) throws IOException {
        if (!directRefused) {
            try {
                while (b.hasRemaining()) direct.write(b, at + b.position());
                return;
            } catch (IOException e) {
                directRefused = true;
            }
        }
        while (b.hasRemaining()) channel.write(b, at + b.position());
    }

    /**
     * Writes all staged bytes: the whole blocks, then the rest in one block padded with zeros, and cuts the file
     * back to its length. The rest stays staged, so that bytes written later complete its block.
     */
    private void flushStage() throws IOException {
        submitStage();
        awaitWrite();
        int tail = stage.position();
        if (tail > 0) {
            ByteBuffer last = stages[stage == stages[0] ? 1 : 0];   // free: no write is in flight
            last.clear().limit(align);
            last.put(stage.duplicate().flip());
            while (last.hasRemaining()) last.put((byte) 0);
            last.flip();
            writeAt(last, stageAt);
        }
        long end = stageAt + tail;
        channel.truncate(end);
        channel.position(end);
        count(end);
    }

    /** Tells the counter of the bytes up to file position {@code end} (each byte once). */
    private void count(long end) {
        if (counter != null && end > countedTo) counter.add(end - countedTo);
        countedTo = Math.max(countedTo, end);
    }

    /** Writes the raw data of {@code t} (little-endian, row-major), after anything written before. */
    void writeTensor(Tensor t) throws IOException {
        if (t.isMeta()) throw new IllegalStateException("tensor " + t + " has no data (meta tensor)");
        int es = t.dtype().byteSize();
        long n = t.numel();
        if (direct != null) {
            stageTensor(t, es, n);
            return;
        }
        if (t.storage() instanceof BufferStorage b && t.isContiguous()) {
            drain();
            int from = Math.toIntExact(t.offset() * es), to = Math.toIntExact((t.offset() + n) * es);
            // in slices: a tensor of a few GB then moves the count and starts the early forces while it is written;
            // on the writer thread, so that the kernel's copy overlaps the gather of what follows
            FileOrigin origin = b.origin();
            for (int at = from; at < to; ) {
                int end = (int) Math.min(to, (long) at + SLICE);
                ByteBuffer src = b.buffer();   // a view of its own: the write runs on another thread
                src.limit(end).position(at);
                long position = origin == null ? -1 : origin.position() + at;
                writeAsync(() -> {
                    FileChannel in = origin == null ? null : source(origin);
                    if (in != null) src.position(src.position() + (int) copy(in, position, src.remaining()));
                    writeAll(src);   // what the kernel did not copy: a file cut short faults here, as the mapping says
                }, src.remaining());
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
            writeAsync(() -> writeAll(chunk), chunk.remaining());
        }
    }

    /** One write on the writer thread. */
    private interface Write { void run() throws IOException; }

    /**
     * Hands {@code write} of {@code bytes} bytes to the writer thread, after the write in flight before it has ended
     * (one at a time, in order: the file's bytes stay in sequence). What it reads must not change until the next
     * call or {@link #drain}.
     */
    private void writeAsync(Write write, long bytes) throws IOException {
        awaitWrite();
        if (writer == null) {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), WRITER_THREADS);
            pool.allowCoreThreadTimeOut(true);   // its thread ends a second after the last write, also after a failure
            writer = pool;
        }
        inFlight = writer.submit(() -> {
            write.run();
            return null;
        });
        inFlightBytes = bytes;
    }

    private void writeAll(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) channel.write(b);
    }

    /**
     * The open source file of {@code origin}, or null when its name no longer leads to the file that was mapped (or
     * cannot be opened): then the bytes go through the mapping, which still reads that file. The last one is kept
     * open for the next slice; only writer-thread writes call this, one at a time, and {@link #flush} closes it.
     */
    private FileChannel source(FileOrigin origin) {
        if (sourceOrigin != null && sourceOrigin.file().equals(origin.file()) && sourceOrigin.fileKey().equals(origin.fileKey())) {
            return source;
        }
        closeSource();
        sourceOrigin = origin;
        try {
            FileChannel ch = FileChannel.open(origin.file(), StandardOpenOption.READ);
            // checked after the open: the inode cannot be reused while the mapping holds it, so a match means that
            // the channel reads the mapped file (unless the name was moved away and back in between)
            if (origin.fileKey().equals(Files.readAttributes(origin.file(), BasicFileAttributes.class).fileKey())) {
                source = ch;
            } else {
                ch.close();
            }
        } catch (IOException e) {
            // unreadable under its name now: the mapping reads it
        }
        return source;
    }

    private void closeSource() {
        FileChannel ch = source;
        source = null;
        sourceOrigin = null;
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException e) {
            // read-only: nothing was lost
        }
    }

    /**
     * Copies up to {@code count} bytes of {@code in} from {@code position} to the channel's position, file to file
     * inside the kernel (sendfile): the bytes neither enter this process nor fault the mapping in. Returns how many it
     * copied: fewer when the file ends early (someone cut it short).
     */
    private long copy(FileChannel in, long position, long count) throws IOException {
        long done = 0;
        while (done < count) {
            long n = in.transferTo(position + done, count - done, channel);
            if (n <= 0) break;
            done += n;
        }
        return done;
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
        if (direct != null) {
            count(inFlightEnd);   // the early forces have nothing to do: the bytes are on the disk
            return;
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
    public void flush() throws IOException {
        if (direct != null) {
            flushStage();
            return;
        }
        drain();
        closeSource();   // no write in flight: drain waited for it
    }

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
