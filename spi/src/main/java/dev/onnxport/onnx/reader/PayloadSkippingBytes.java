package dev.onnxport.onnx.reader;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.onnxport.util.FileReads;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A model file as one ByteString whose pieces tile the file: the large {@code raw_data} payloads of the graph's
 * initializers are views of the file's mapping, and everything between them (the protobuf's structure: nodes,
 * names, shapes, small tensors) is read into memory with positional reads, up to {@link #READ_BUDGET} (a longer
 * stretch stays a view: memory stays proportional to the graph, as with the mapping alone). Parsing it with
 * aliasing then never touches a payload's pages. Parsing the mapping itself would fault on every initializer's header, and each fault
 * reads ahead around it (8 MiB on a typical disk): the whole file, for a file that is not in the page cache, as one
 * just written around it ({@code ChannelSink}) is not.
 *
 * <p>The walk only decides which ranges are views and which are read: the bytes are the file's either way, so a
 * malformed file parses (and fails) exactly as its mapping would. The walk stops at the first thing it does not
 * understand and leaves the rest as a view.
 */
final class PayloadSkippingBytes {
    private PayloadSkippingBytes() {}

    /** Payloads shorter than this are read with the structure around them. */
    static final int MIN_VIEW_BYTES = 64 << 10;
    /** Bytes per positional read while walking the structure. */
    private static final int WINDOW = 16 << 10;

    // Field numbers of onnx.proto: ModelProto.graph, GraphProto.initializer, TensorProto.raw_data.
    private static final int MODEL_GRAPH = 7, GRAPH_INITIALIZER = 5, TENSOR_RAW_DATA = 9;
    private enum Kind { MODEL, GRAPH, TENSOR }

    /**
     * The file behind {@code mapping} (all of it, from position 0 of {@code ch}) as a ByteString: {@code mapping} itself
     * when it has no large payloads.
     */
    static ByteString of(FileChannel ch, ByteBuffer mapping) throws IOException {
        Walk w = new Walk(ch, mapping.capacity());
        w.message(0, mapping.capacity(), Kind.MODEL);
        if (w.payloads.isEmpty()) return UnsafeByteOperations.unsafeWrap(mapping);
        // every piece direct, so that protobuf parses the rope with aliasing (a heap piece makes it copy everything)
        List<ByteString> pieces = new ArrayList<>();
        long at = 0, read = 0;
        for (long[] p : w.payloads) {
            if (p[0] > at) read += gap(ch, mapping, at, p[0], read, pieces);
            pieces.add(view(mapping, p[0], p[1]));
            at = p[1];
        }
        if (at < mapping.capacity()) gap(ch, mapping, at, mapping.capacity(), read, pieces);
        return ByteString.copyFrom(pieces);
    }

    /** The most bytes of structure read into memory for one file; past it, the structure is parsed from the mapping. */
    static final long READ_BUDGET = 16 << 20;
    /** A stretch of structure longer than this (many small tensors, say) is parsed from the mapping. */
    static final long MAX_READ = 1 << 20;

    /**
     * Adds bytes [from, to) as a piece: read into memory when short and within the budget (the point: a few KiB of
     * headers without a fault's readahead), else a view; returns the bytes read.
     */
    private static long gap(FileChannel ch, ByteBuffer mapping, long from, long to, long readSoFar, List<ByteString> pieces)
            throws IOException {
        long n = to - from;
        if (n > MAX_READ || readSoFar + n > READ_BUDGET) {
            pieces.add(view(mapping, from, to));
            return 0;
        }
        pieces.add(read(ch, from, to));
        return n;
    }

    private static ByteString view(ByteBuffer mapping, long from, long to) {
        return UnsafeByteOperations.unsafeWrap(mapping.slice((int) from, (int) (to - from)));
    }

    /** Bytes [from, to) of the file, read into a direct buffer. */
    private static ByteString read(FileChannel ch, long from, long to) throws IOException {
        ByteBuffer b = ByteBuffer.allocateDirect(Math.toIntExact(to - from));
        FileReads.readFully(ch, b, from);
        return UnsafeByteOperations.unsafeWrap(b.flip());
    }

    /** The walk over the structure: reads a window at a time, collects the payload ranges in file order. */
    private static final class Walk {
        private final FileChannel ch;
        private final long size;
        private final ByteBuffer window = ByteBuffer.allocate(WINDOW);
        private long windowAt = -1;
        final List<long[]> payloads = new ArrayList<>();
        private long pos;

        Walk(FileChannel ch, long size) {
            this.ch = ch;
            this.size = size;
        }

        /** Walks the message in [from, to); false when it stopped at something it does not understand. */
        boolean message(long from, long to, Kind kind) throws IOException {
            pos = from;
            while (pos < to) {
                long tag = varint(to);
                if (tag < 0) return false;
                int field = (int) (tag >>> 3), wire = (int) (tag & 7);
                switch (wire) {
                    case 0 -> { if (varint(to) < 0) return false; }
                    case 1 -> pos += 8;
                    case 5 -> pos += 4;
                    case 2 -> {
                        long len = varint(to);
                        if (len < 0 || len > to - pos) return false;
                        long start = pos, end = pos + len;
                        if (kind == Kind.MODEL && field == MODEL_GRAPH) {
                            if (!message(start, end, Kind.GRAPH)) return false;
                        } else if (kind == Kind.GRAPH && field == GRAPH_INITIALIZER) {
                            if (!message(start, end, Kind.TENSOR)) return false;
                        } else if (kind == Kind.TENSOR && field == TENSOR_RAW_DATA && len >= MIN_VIEW_BYTES) {
                            payloads.add(new long[] {start, end});
                        }
                        pos = end;
                    }
                    default -> { return false; }   // groups (unused by onnx.proto) or garbage
                }
                if (pos > to) return false;
            }
            return true;
        }

        /** A varint at {@link #pos} before {@code to}, advancing past it; -1 when there is none. */
        private long varint(long to) throws IOException {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= to) return -1;
                int b = at(pos++);
                if (b < 0) return -1;
                v |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) return v < 0 ? -1 : v;
            }
            return -1;
        }

        /** The byte at {@code p}, or -1 past the end. */
        private int at(long p) throws IOException {
            if (p >= size) return -1;
            if (windowAt < 0 || p < windowAt || p >= windowAt + window.limit()) {
                window.clear().limit((int) Math.min(WINDOW, size - p));
                try {
                    FileReads.readFully(ch, window, p);
                } catch (java.io.EOFException e) {
                    windowAt = -1;
                    return -1;   // cut short since it was mapped: the walk stops, the parse meets it in the mapping
                }
                window.flip();
                windowAt = p;
            }
            return window.get((int) (p - windowAt)) & 0xff;
        }
    }
}
