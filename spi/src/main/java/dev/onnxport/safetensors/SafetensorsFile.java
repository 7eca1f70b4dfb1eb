package dev.onnxport.safetensors;

import dev.onnxport.tensor.BufferStorage;
import dev.onnxport.tensor.FileOrigin;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.util.MappedFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An open safetensors file whose header has been validated and whose tensors are materialized on
 * demand as read-only views of a memory mapping: no tensor data is copied onto the heap.
 *
 * <p>A {@link MappedByteBuffer} holds at most 2 GiB, so the data section is mapped in chunks of
 * consecutive tensors, each chunk mapped when one of its tensors is first asked for; files of any size
 * work, but a single tensor above 2 GiB cannot be mapped and {@link #get} says so. Tensors stay valid
 * after {@link #close} (the JVM unmaps a region once no tensor refers to it). Thread-safe.
 */
public final class SafetensorsFile implements AutoCloseable {
    /** A MappedByteBuffer is indexed by int. */
    static final long MAX_MAPPING_BYTES = Integer.MAX_VALUE;

    private final Path file;
    /** The file's identity when opened, for {@link FileOrigin}s (null where the file system has none). */
    private final Object fileKey;
    private final FileChannel channel;
    private final SafetensorsHeader header;
    private final long mappingLimit;
    private final Map<String, Chunk> chunkOf = new HashMap<>();
    private final Map<String, Tensor> tensors = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** Consecutive tensors mapped together: bytes [begin, end) of the data section. */
    private static final class Chunk {
        final long begin;
        long end;
        volatile MappedByteBuffer map;

        Chunk(long begin, long end) {
            this.begin = begin;
            this.end = end;
        }
    }

    private SafetensorsFile(Path file, Object fileKey, FileChannel channel, SafetensorsHeader header, long mappingLimit) {
        this.file = file;
        this.fileKey = fileKey;
        this.channel = channel;
        this.header = header;
        this.mappingLimit = mappingLimit;
        planChunks();
    }

    /** Opens and validates {@code file}; throws {@link SafetensorsException} naming the file and the fault. */
    public static SafetensorsFile open(Path file) { return open(file, MAX_MAPPING_BYTES); }

    /** As {@link #open(Path)} with a smaller mapping limit, so that tests can exercise chunking on small files. */
    static SafetensorsFile open(Path file, long mappingLimit) {
        FileChannel ch;
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new SafetensorsException(file, (Files.isDirectory(file) ? "is a folder" : "is a FIFO, device or socket")
                    + ", not a safetensors file; give a regular file");
        }
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new SafetensorsException(file, "cannot open: " + e, e);
        }
        try {
            // read after the open: the key of the file the channel reads (unless it was replaced in between, which
            // a writer's check of the key against the name then finds)
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            return new SafetensorsFile(file, key, ch, SafetensorsHeader.read(file, ch), mappingLimit);
        } catch (IOException | RuntimeException e) {
            try {
                ch.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof IOException io) throw new SafetensorsException(file, "cannot read: " + io, io);
            throw (RuntimeException) e;
        }
    }

    public Path path() { return file; }

    /** Tensor names in header order. */
    public List<String> names() { return List.copyOf(header.tensors.keySet()); }

    public int size() { return header.tensors.size(); }

    public boolean contains(String name) { return header.tensors.containsKey(name); }

    /** The {@code __metadata__} map, empty when the file has none. */
    public Map<String, String> metadata() { return header.metadata; }

    /** Dtype, shape and byte range of tensor {@code name}, without touching its data. */
    public TensorInfo info(String name) {
        TensorInfo info = header.tensors.get(name);
        if (info == null) {
            throw new IllegalArgumentException(file + " has no tensor '" + name + "'; it has " + size() + " tensors"
                    + (size() > 0 ? ", e.g. '" + header.tensors.keySet().iterator().next() + "'" : ""));
        }
        return info;
    }

    /**
     * Tensor {@code name} as a read-only tensor over the mapping; the same object on every call, so that a
     * tensor keeps its identity (the tracer maps tensor objects to graph values).
     */
    public Tensor get(String name) {
        TensorInfo info = info(name);
        checkOpen();
        return tensors.computeIfAbsent(name, n -> materialize(info));
    }

    /** All tensors in header order. */
    public Map<String, Tensor> getAll() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String n : header.tensors.keySet()) out.put(n, get(n));
        return out;
    }

    private Tensor materialize(TensorInfo info) {
        if (info.byteLength() > mappingLimit) {
            throw new SafetensorsException(file, "tensor '" + info.name() + "' holds " + info.byteLength()
                    + " bytes; a single tensor can be mapped only up to " + mappingLimit + " bytes");
        }
        ByteBuffer bytes;
        FileOrigin origin = null;
        if (info.byteLength() == 0) {
            bytes = ByteBuffer.allocate(0).asReadOnlyBuffer();
        } else {
            Chunk c = chunkOf.get(info.name());
            bytes = map(c).slice((int) (info.begin() - c.begin), (int) info.byteLength());
            if (fileKey != null) origin = new FileOrigin(file.toAbsolutePath(), fileKey, header.dataStart + info.begin());
        }
        return Tensor.wrap(new BufferStorage(info.dtype(), bytes, origin), info.shape());
    }

    private MappedByteBuffer map(Chunk c) {
        MappedByteBuffer m = c.map;
        if (m != null) return m;
        synchronized (c) {
            if (c.map == null) {
                try {
                    c.map = MappedFiles.map(channel, file, header.dataStart + c.begin, c.end - c.begin);
                } catch (IOException e) {
                    throw new SafetensorsException(file, "cannot map bytes [" + c.begin + ", " + c.end + ") of the data: " + e, e);
                }
            }
            return c.map;
        }
    }

    /** Groups tensors, in file order, into runs that fit one mapping; oversized and empty tensors get none. */
    private void planChunks() {
        List<TensorInfo> sorted = new ArrayList<>(header.tensors.values());
        sorted.sort(Comparator.comparingLong(TensorInfo::begin));
        Chunk current = null;
        for (TensorInfo t : sorted) {
            if (t.byteLength() == 0 || t.byteLength() > mappingLimit) continue;
            if (current == null || t.end() - current.begin > mappingLimit) current = new Chunk(t.begin(), t.end());
            else current.end = t.end();
            chunkOf.put(t.name(), current);
        }
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException(file + " is closed");
    }

    /** Closes the file; tensors already obtained stay readable. */
    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            throw new SafetensorsException(file, "cannot close: " + e, e);
        }
    }
}
