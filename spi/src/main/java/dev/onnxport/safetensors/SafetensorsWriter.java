package dev.onnxport.safetensors;

import dev.onnxport.tensor.Tensor;
import dev.onnxport.util.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lays out and writes a safetensors file as the reference implementation does: {@code __metadata__}
 * first (keys sorted), tensors in name order (by code point) packed back to back, compact JSON, and
 * the header padded with spaces to a multiple of 8 bytes so that the data starts aligned. All input is
 * validated when the writer is made, before a byte is written.
 */
final class SafetensorsWriter {
    /** Data goes out in chunks of this size, whatever the tensor size. */
    private static final int CHUNK_BYTES = 1 << 22;

    private final Map<String, Tensor> tensors;
    private final byte[] header;

    private SafetensorsWriter(Map<String, Tensor> tensors, byte[] header) {
        this.tensors = tensors;
        this.header = header;
    }

    /**
     * Validates the input and lays out the header. {@code file} (null for a stream) and {@code source}
     * only name the destination in error messages.
     */
    static SafetensorsWriter plan(Path file, String source, Map<String, Tensor> input, Map<String, String> metadata) {
        Map<String, Tensor> sorted = new TreeMap<>(SafetensorsWriter::compareCodePoints);
        for (Map.Entry<String, Tensor> e : input.entrySet()) {
            String name = e.getKey();
            Tensor t = e.getValue();
            if (name == null) throw fault(file, source, "a tensor name is null");
            if (name.equals(SafetensorsHeader.METADATA_KEY)) {
                throw fault(file, source, "'" + name + "' is reserved for metadata and cannot name a tensor");
            }
            if (t == null) throw fault(file, source, "tensor '" + name + "' is null");
            if (t.isMeta()) throw fault(file, source, "tensor '" + name + "' is a meta tensor (shape only) and has no data to write");
            if (!insideStorage(t)) throw fault(file, source, "tensor '" + name + "' is a view reaching outside its storage");
            sorted.put(name, t);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        if (metadata != null) {
            Map<String, String> meta = new TreeMap<>(SafetensorsWriter::compareCodePoints);
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    throw fault(file, source, "metadata entry " + e.getKey() + " = " + e.getValue() + " holds a null");
                }
                meta.put(e.getKey(), e.getValue());
            }
            json.put(SafetensorsHeader.METADATA_KEY, meta);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
            Tensor t = e.getValue();
            long bytes = Math.multiplyExact(t.numel(), (long) t.dtype().byteSize());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", t.dtype().safetensorsName());
            List<Long> shape = new ArrayList<>();
            for (long d : t.shape()) shape.add(d);
            entry.put("shape", shape);
            entry.put("data_offsets", List.of(offset, offset + bytes));
            json.put(e.getKey(), entry);
            offset += bytes;
        }
        byte[] text = Json.write(json).getBytes(StandardCharsets.UTF_8);
        int padded = (text.length + 7) / 8 * 8;
        byte[] header = Arrays.copyOf(text, padded);
        Arrays.fill(header, text.length, padded, (byte) ' ');
        return new SafetensorsWriter(sorted, header);
    }

    /** Writes the whole file to {@code ch}. */
    void writeTo(WritableByteChannel ch) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(header.length).put(header).flip();
        writeFully(ch, head);
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor t : tensors.values()) {
            // Strided views are gathered into a contiguous heap copy first; contiguous data is copied straight out.
            Tensor c = t.isContiguous() ? t : t.contiguous();
            long perChunk = CHUNK_BYTES / c.dtype().byteSize();
            long n = c.numel();
            for (long done = 0; done < n; ) {
                long k = Math.min(perChunk, n - done);
                chunk.clear();
                c.storage().copyBytesTo(c.offset() + done, k, chunk);
                chunk.flip();
                writeFully(ch, chunk);
                done += k;
            }
        }
    }

    /** Whether every element of the view lies inside its storage. */
    private static boolean insideStorage(Tensor t) {
        if (t.numel() == 0) return true;
        long lo = t.offset(), hi = t.offset();
        long[] shape = t.shape(), strides = t.strides();
        for (int d = 0; d < shape.length; d++) {
            long reach = (shape[d] - 1) * strides[d];
            if (reach < 0) lo += reach;
            else hi += reach;
        }
        return lo >= 0 && hi < t.storage().length();
    }

    /** Unicode code point order, as the reference implementation sorts (UTF-16 order differs past U+FFFF). */
    static int compareCodePoints(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i), y = b.codePointAt(j);
            if (x != y) return Integer.compare(x, y);
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static void writeFully(WritableByteChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }

    private static SafetensorsException fault(Path file, String source, String what) {
        return file != null ? new SafetensorsException(file, what) : new SafetensorsException(source, what);
    }
}
