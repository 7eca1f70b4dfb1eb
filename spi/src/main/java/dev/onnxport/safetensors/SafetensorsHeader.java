package dev.onnxport.safetensors;

import dev.onnxport.tensor.DType;
import dev.onnxport.util.FileReads;
import dev.onnxport.util.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed and fully validated header of a safetensors file. Every rule of the format is checked
 * before any tensor is used: a known dtype, a shape of non-negative integers whose byte size fits in a
 * long and matches {@code data_offsets}, offsets inside the data, and regions that cover the data
 * exactly, with neither overlaps nor holes (the format forbids holes so that a file cannot double
 * as another format).
 */
final class SafetensorsHeader {
    /** The reference implementation refuses larger headers, so that parsing cannot be made to exhaust memory. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    static final String METADATA_KEY = "__metadata__";

    final long dataStart;
    final long dataLength;
    /** In header order. */
    final Map<String, TensorInfo> tensors;
    final Map<String, String> metadata;

    private SafetensorsHeader(long dataStart, long dataLength, Map<String, TensorInfo> tensors, Map<String, String> metadata) {
        this.dataStart = dataStart;
        this.dataLength = dataLength;
        this.tensors = Collections.unmodifiableMap(tensors);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    static SafetensorsHeader read(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8) throw fault(file, "file is " + size + " bytes, shorter than the 8-byte header length");
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        FileReads.readFully(ch, lenBuf, 0);
        long headerLen = lenBuf.getLong(0);
        if (Long.compareUnsigned(headerLen, size - 8) > 0) {
            throw fault(file, "header length " + Long.toUnsignedString(headerLen) + " runs past the end of the file ("
                    + size + " bytes)");
        }
        if (headerLen > MAX_HEADER_BYTES) {
            throw fault(file, "header of " + headerLen + " bytes exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
        }
        ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
        FileReads.readFully(ch, hb, 8);
        hb.flip();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(hb).toString();
        } catch (CharacterCodingException e) {
            throw fault(file, "header is not valid UTF-8");
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw fault(file, "header is not valid JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> header)) throw fault(file, "header is not a JSON object but " + show(parsed));
        long dataStart = 8 + headerLen;
        long dataLength = size - dataStart;
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = Map.of();
        for (Map.Entry<?, ?> e : header.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA_KEY)) metadata = metadata(file, e.getValue());
            else tensors.put(name, entry(file, name, e.getValue(), dataLength));
        }
        checkLayout(file, tensors.values(), dataLength);
        return new SafetensorsHeader(dataStart, dataLength, tensors, metadata);
    }

    private static Map<String, String> metadata(Path file, Object v) {
        if (!(v instanceof Map<?, ?> m)) throw fault(file, METADATA_KEY + " must be a map of string to string, not " + show(v));
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw fault(file, METADATA_KEY + " must be a map of string to string, but '" + e.getKey() + "' is "
                        + show(e.getValue()));
            }
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    private static TensorInfo entry(Path file, String name, Object v, long dataLength) {
        if (!(v instanceof Map<?, ?> m)) throw fault(file, "entry '" + name + "' is not a JSON object but " + show(v));
        Object dt = m.get("dtype");
        if (!(dt instanceof String s)) throw fault(file, "tensor '" + name + "': dtype must be a string, not " + field(m, "dtype"));
        DType dtype = DType.fromSafetensors(s);
        if (dtype == null) {
            throw fault(file, "tensor '" + name + "': unknown dtype '" + s + "' (supported: " + supportedDtypes() + ")");
        }
        long[] shape = naturals(file, name, m, "shape");
        long bytes;
        try {
            long numel = 1;
            for (long d : shape) numel = Math.multiplyExact(numel, d);
            bytes = Math.multiplyExact(numel, (long) dtype.byteSize());
        } catch (ArithmeticException e) {
            throw fault(file, "tensor '" + name + "': shape " + Arrays.toString(shape) + " overflows a 64-bit byte count");
        }
        long[] offs = naturals(file, name, m, "data_offsets");
        if (offs.length != 2) {
            throw fault(file, "tensor '" + name + "': data_offsets must be two integers [begin, end], not " + field(m, "data_offsets"));
        }
        if (offs[1] < offs[0]) {
            throw fault(file, "tensor '" + name + "': data_offsets [" + offs[0] + ", " + offs[1] + "] end before they begin");
        }
        if (offs[1] > dataLength) {
            throw fault(file, "tensor '" + name + "': data_offsets [" + offs[0] + ", " + offs[1]
                    + "] run past the end of the data (" + dataLength + " bytes)");
        }
        if (offs[1] - offs[0] != bytes) {
            throw fault(file, "tensor '" + name + "': shape " + Arrays.toString(shape) + " of " + s + " needs " + bytes
                    + " bytes, but data_offsets [" + offs[0] + ", " + offs[1] + "] hold " + (offs[1] - offs[0]));
        }
        return new TensorInfo(name, dtype, shape, offs[0], offs[1]);
    }

    /** A JSON list of non-negative integers. */
    private static long[] naturals(Path file, String name, Map<?, ?> m, String key) {
        Object v = m.get(key);
        String bad = "tensor '" + name + "': " + key + " must be a list of non-negative integers, not " + field(m, key);
        if (!(v instanceof List<?> l)) throw fault(file, bad);
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Long x) || x < 0) throw fault(file, bad);
            out[i] = x;
        }
        return out;
    }

    /** The regions, sorted by offset, must tile [0, dataLength) exactly. */
    private static void checkLayout(Path file, Iterable<TensorInfo> infos, long dataLength) {
        List<TensorInfo> sorted = new ArrayList<>();
        infos.forEach(sorted::add);
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long pos = 0;
        TensorInfo last = null;
        for (TensorInfo t : sorted) {
            if (t.begin() < pos) {
                throw fault(file, "tensors '" + last.name() + "' [" + last.begin() + ", " + last.end() + ") and '" + t.name()
                        + "' [" + t.begin() + ", " + t.end() + ") overlap");
            }
            if (t.begin() > pos) throw hole(file, pos, t.begin());
            pos = t.end();
            last = t;
        }
        if (pos != dataLength) throw hole(file, pos, dataLength);
    }

    private static SafetensorsException hole(Path file, long from, long to) {
        return fault(file, "data bytes [" + from + ", " + to + ") belong to no tensor; the format allows no holes in the data");
    }

    private static String supportedDtypes() {
        StringBuilder sb = new StringBuilder();
        for (DType d : DType.values()) sb.append(sb.length() > 0 ? ", " : "").append(d.safetensorsName());
        return sb.toString();
    }

    private static String field(Map<?, ?> m, String key) { return m.containsKey(key) ? show(m.get(key)) : "missing"; }

    /** A short rendering of a JSON value for messages. */
    private static String show(Object v) {
        String s = Json.write(v);
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    private static SafetensorsException fault(Path file, String what) { return new SafetensorsException(file, what); }
}
