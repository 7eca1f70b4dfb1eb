package dev.onnxport.safetensors;

import dev.onnxport.tensor.BufferStorage;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Shapes;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.util.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads safetensors files: an 8-byte little-endian header length, a JSON header
 * {@code {name: {dtype, shape, data_offsets}}}, then raw little-endian data. Tensors are read-only
 * views of a memory mapping of the file: nothing is copied onto the heap.
 */
public final class Safetensors {
    private Safetensors() {}

    /** Reads every tensor of {@code file}, in header order, as memory-mapped read-only tensors. */
    public static Map<String, Tensor> read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) throw new SafetensorsException(file, "file is " + size + " bytes, shorter than the 8-byte header length");
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.getLong(0);
            if (headerLen < 0 || headerLen > size - 8) {
                throw new SafetensorsException(file, "header length " + Long.toUnsignedString(headerLen)
                        + " runs past the end of the file (" + size + " bytes)");
            }
            if (headerLen > 100_000_000) throw new SafetensorsException(file, "header of " + headerLen + " bytes is too large");
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            readFully(ch, hb, 8);
            Object parsed;
            try {
                parsed = Json.parse(new String(hb.array(), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new SafetensorsException(file, "header is not valid JSON: " + e.getMessage());
            }
            if (!(parsed instanceof Map<?, ?> header)) throw new SafetensorsException(file, "header is not a JSON object");
            long dataStart = 8 + headerLen;
            long dataLen = size - dataStart;
            MappedByteBuffer map = dataLen == 0 ? null : ch.map(FileChannel.MapMode.READ_ONLY, dataStart, dataLen);
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : header.entrySet()) {
                String name = (String) e.getKey();
                if (name.equals("__metadata__")) continue;
                out.put(name, tensor(file, name, e.getValue(), map, dataLen));
            }
            return out;
        } catch (IOException e) {
            throw new SafetensorsException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static Tensor tensor(Path file, String name, Object info, MappedByteBuffer map, long dataLen) {
        if (!(info instanceof Map<?, ?> m)) throw new SafetensorsException(file, "entry '" + name + "' is not an object");
        Object dt = m.get("dtype");
        DType dtype = dt instanceof String s ? DType.fromSafetensors(s) : null;
        if (dtype == null) throw new SafetensorsException(file, "tensor '" + name + "' has unknown dtype " + dt);
        long[] shape = longs(file, name, "shape", m.get("shape"));
        long[] offs = longs(file, name, "data_offsets", m.get("data_offsets"));
        if (offs.length != 2 || offs[0] < 0 || offs[1] < offs[0] || offs[1] > dataLen) {
            throw new SafetensorsException(file, "tensor '" + name + "' has data_offsets out of range: ["
                    + (offs.length > 0 ? offs[0] : "") + ", " + (offs.length > 1 ? offs[1] : "") + "] for " + dataLen + " data bytes");
        }
        long n = Shapes.numel(shape);
        if (n * dtype.byteSize() != offs[1] - offs[0]) {
            throw new SafetensorsException(file, "tensor '" + name + "': shape " + java.util.Arrays.toString(shape) + " of "
                    + dtype.safetensorsName() + " needs " + n * dtype.byteSize() + " bytes, data_offsets give " + (offs[1] - offs[0]));
        }
        ByteBuffer slice = map == null ? ByteBuffer.allocate(0)
                : map.slice((int) offs[0], (int) (offs[1] - offs[0]));
        return Tensor.wrap(new BufferStorage(dtype, slice.asReadOnlyBuffer()), shape);
    }

    private static long[] longs(Path file, String name, String field, Object v) {
        if (!(v instanceof List<?> l)) throw new SafetensorsException(file, "tensor '" + name + "' has no list '" + field + "'");
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Long x) || x < 0) {
                throw new SafetensorsException(file, "tensor '" + name + "': " + field + " must hold non-negative integers");
            }
            out[i] = x;
        }
        return out;
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, pos + b.position());
            if (r < 0) throw new IOException("unexpected end of file");
        }
    }
}
