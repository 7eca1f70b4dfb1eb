package dev.onnxport.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.HeapStorage;
import dev.onnxport.tensor.Shapes;
import dev.onnxport.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SafetensorsRoundTripTest {
    @TempDir Path dir;

    /** Twelve values of {@code dtype} in shape [3, 4], including the extremes and, for floats, NaN, infinities and -0. */
    static Tensor sample(DType dtype) {
        double[] floats = {0.0, -0.0, 1.5, -2.25, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                1e-3, 65504, -1e-7, 3.14159, 1e10};
        Tensor t = Tensor.zeros(dtype, 3, 4);
        for (int i = 0; i < 12; i++) {
            long[] idx = {i / 4, i % 4};
            switch (dtype.category()) {
                case FLOATING -> t.setDouble(floats[i], idx);
                case BOOLEAN -> t.setLong(i % 3 == 0 ? 1 : 0, idx);
                case INTEGRAL -> t.setLong(new long[] {0, 1, -1, 127, -128, 255, Long.MAX_VALUE, Long.MIN_VALUE,
                        Integer.MAX_VALUE, Integer.MIN_VALUE, 32767, -32768}[i], idx);
            }
        }
        return t;
    }

    static void assertSameTensor(Tensor want, Tensor got) {
        assertEquals(want.dtype(), got.dtype());
        assertArrayEquals(want.shape(), got.shape());
        for (long i = 0; i < want.numel(); i++) {
            assertEquals(0, Double.compare(want.getDoubleFlat(i), got.getDoubleFlat(i)), "element " + i);
            assertEquals(want.getLongFlat(i), got.getLongFlat(i), "element " + i);
        }
        assertArrayEquals(bytes(want), bytes(got));
    }

    /** Raw little-endian bytes in logical order. */
    static byte[] bytes(Tensor t) {
        Tensor c = t.contiguous();
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(c.numel() * c.dtype().byteSize()));
        c.storage().copyBytesTo(c.offset(), c.numel(), b);
        return b.array();
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void everyDtypeRoundTrips(DType dtype) {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("matrix", sample(dtype));
        in.put("scalar", sample(dtype).asStrided(new long[0], new long[0], 5));
        in.put("empty", Tensor.zeros(dtype, 2, 0, 3));
        in.put("empty1d", Tensor.zeros(dtype, 0));
        in.put("transposed", sample(dtype).asStrided(new long[] {4, 3}, new long[] {1, 4}, 0));
        in.put("expanded", Shapes.broadcastTo(sample(dtype).asStrided(new long[] {4}, new long[] {1}, 4), new long[] {2, 4}));
        in.put("sliced", sample(dtype).asStrided(new long[] {2, 2}, new long[] {4, 2}, 5));
        Path f = dir.resolve(dtype + ".safetensors");
        Safetensors.write(f, in, null);
        Map<String, Tensor> out = Safetensors.read(f);
        assertEquals(List.of("empty", "empty1d", "expanded", "matrix", "scalar", "sliced", "transposed"), List.copyOf(out.keySet()));
        for (String name : in.keySet()) assertSameTensor(in.get(name), out.get(name));
        assertEquals(0, out.get("scalar").dim());
        assertEquals(0, out.get("empty").numel());
    }

    @Test
    void headerIsCompactSortedAndPaddedWithSpaces() throws Exception {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("b", Tensor.of(new float[] {1, 2, 3}));
        in.put("a", Tensor.of(new long[] {7}, 1));
        in.put("B", Tensor.of(new boolean[] {true, false}));
        Path f = dir.resolve("h.safetensors");
        Safetensors.write(f, in, Map.of("z", "1", "format", "pt"));
        byte[] all = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(0, n % 8);
        String header = new String(all, 8, (int) n, StandardCharsets.UTF_8);
        String json = "{\"__metadata__\":{\"format\":\"pt\",\"z\":\"1\"},"
                + "\"B\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[0,2]},"
                + "\"a\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[2,10]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[10,22]}}";
        assertEquals(json, header.stripTrailing());
        assertTrue(header.substring(json.length()).chars().allMatch(c -> c == ' '));
        assertEquals(8 + n + 22, all.length);
        try (SafetensorsFile sf = Safetensors.open(f)) {
            assertEquals(Map.of("format", "pt", "z", "1"), sf.metadata());
        }
    }

    @Test
    void namesSortByCodePointLikeTheReference() {
        // U+FF01 sorts before U+1F600 by code point, after it by UTF-16 unit.
        List<String> names = Stream.of("\uD83D\uDE00", "\uFF01", "é", "e", "E").sorted(SafetensorsWriter::compareCodePoints).toList();
        assertEquals(List.of("E", "e", "é", "\uFF01", "\uD83D\uDE00"), names);
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (String n : names) in.put(n, Tensor.of(new int[] {n.length()}, 1));
        Path f = dir.resolve("unicode.safetensors");
        Safetensors.write(f, in, null);
        Map<String, Tensor> out = Safetensors.read(f);
        assertEquals(names, List.copyOf(out.keySet()));
        for (String n : names) assertEquals(n.length(), out.get(n).getLong(0));
    }

    @Test
    void streamAndFileGetTheSameBytes() throws Exception {
        Map<String, Tensor> in = Map.of("x", sample(DType.FLOAT16), "y", sample(DType.INT64));
        Path f = dir.resolve("s.safetensors");
        Safetensors.write(f, in, Map.of("k", "v"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Safetensors.write(out, in, Map.of("k", "v"));
        assertArrayEquals(Files.readAllBytes(f), out.toByteArray());
    }

    @Test
    void largeTensorsGoOutInSeveralChunks() {
        // 1.5 M floats = 6 MB, more than one 4 MiB chunk; a strided view of it as well.
        float[] data = new float[1_500_000];
        for (int i = 0; i < data.length; i++) data[i] = i * 0.5f;
        Tensor big = Tensor.of(data, 1000, 1500);
        Tensor bigT = big.asStrided(new long[] {1500, 1000}, new long[] {1, 1500}, 0);
        Path f = dir.resolve("big.safetensors");
        Safetensors.write(f, Map.of("big", big, "bigT", bigT), null);
        Map<String, Tensor> out = Safetensors.read(f);
        assertSameTensor(big, out.get("big"));
        assertEquals(bigT.getDouble(1499, 999), out.get("bigT").getDouble(1499, 999));
        assertEquals(big.getDouble(999, 1499), out.get("bigT").getDouble(1499, 999));
    }

    @Test
    void mappedTensorsCanBeWrittenBackOverTheirOwnFile() {
        Path f = dir.resolve("self.safetensors");
        Safetensors.write(f, Map.of("w", sample(DType.FLOAT32)), null);
        Map<String, Tensor> first = Safetensors.read(f);
        Map<String, Tensor> more = new LinkedHashMap<>(first);
        more.put("extra", Tensor.of(new double[] {1, 2}));
        Safetensors.write(f, more, null);
        Map<String, Tensor> second = Safetensors.read(f);
        assertSameTensor(sample(DType.FLOAT32), second.get("w"));
        assertSameTensor(sample(DType.FLOAT32), first.get("w"));  // the old mapping is still the old file
    }

    @Test
    void failedWriteLeavesTheExistingFileAndNoTemporaryFile() throws Exception {
        Path f = dir.resolve("keep.safetensors");
        Safetensors.write(f, Map.of("w", sample(DType.INT32)), null);
        byte[] before = Files.readAllBytes(f);
        Map<String, Tensor> bad = new LinkedHashMap<>();
        bad.put("a", sample(DType.FLOAT32));
        bad.put("m", Tensor.meta(DType.FLOAT32, 2, 2));
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Safetensors.write(f, bad, null));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("'m' is a meta tensor"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(f));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList());
        }
    }

    @Test
    void writerRejectsBadInput() {
        Path f = dir.resolve("bad.safetensors");
        assertWriteFault(f, Map.of("__metadata__", sample(DType.FLOAT32)), null, "reserved for metadata");
        Tensor outside = Tensor.of(new float[] {1, 2, 3}).asStrided(new long[] {3}, new long[] {1}, 1);
        assertWriteFault(f, Map.of("v", outside), null, "'v' is a view reaching outside its storage");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("k", null);
        assertWriteFault(f, Map.of("v", sample(DType.FLOAT32)), meta, "metadata entry k = null");
        SafetensorsException e = assertThrows(SafetensorsException.class,
                () -> Safetensors.write(new ByteArrayOutputStream(), Map.of("m", Tensor.meta(DType.INT8, 1)), null));
        assertTrue(e.getMessage().startsWith("output stream: tensor 'm' is a meta tensor"), e.getMessage());
        assertTrue(!Files.exists(f));
    }

    private static void assertWriteFault(Path f, Map<String, Tensor> tensors, Map<String, String> meta, String fault) {
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Safetensors.write(f, tensors, meta));
        assertTrue(e.getMessage().startsWith(f + ": ") && e.getMessage().contains(fault), e.getMessage());
    }

    @Test
    void heapStorageKeepsTheCallersByteOrder() {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
        HeapStorage.of(new int[] {1, 2}).copyBytesTo(0, 2, b);
        assertEquals(ByteOrder.BIG_ENDIAN, b.order());
        assertEquals(8, b.position());
        assertArrayEquals(new byte[] {1, 0, 0, 0, 2, 0, 0, 0}, b.array());
    }
}
