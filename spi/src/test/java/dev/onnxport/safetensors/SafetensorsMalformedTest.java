package dev.onnxport.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a file can be malformed is refused with a message naming the file and the fault. */
class SafetensorsMalformedTest {
    @TempDir Path dir;

    private static final String OK_ENTRY = "\"t\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}";

    private Path raw(byte[] bytes) throws IOException {
        Path f = Files.createTempFile(dir, "bad", ".safetensors");
        Files.write(f, bytes);
        return f;
    }

    /** A file with the given header (its true length in the prefix) followed by {@code dataBytes} zero bytes. */
    private Path file(String header, int dataBytes) throws IOException {
        return withHeaderBytes(header.getBytes(StandardCharsets.UTF_8), dataBytes);
    }

    private Path withHeaderBytes(byte[] h, int dataBytes) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return raw(b.array());
    }

    private static void assertFault(Path f, String... fragments) {
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Safetensors.read(f));
        String m = e.getMessage();
        assertTrue(m.startsWith(f + ": "), "message does not start with the file name: " + m);
        assertEquals(f, e.file());
        for (String fr : fragments) assertTrue(m.contains(fr), "message lacks '" + fr + "': " + m);
    }

    @Test
    void wellFormedControlCaseReads() throws IOException {
        assertEquals(6, Safetensors.read(file("{" + OK_ENTRY + "}", 24)).get("t").numel());
    }

    @Test
    void fileShorterThanEightBytes() throws IOException {
        assertFault(raw(new byte[] {1, 0, 0, 0, 0}), "file is 5 bytes, shorter than the 8-byte header length");
        assertFault(raw(new byte[0]), "file is 0 bytes");
    }

    @Test
    void headerLengthPastTheEnd() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(100).putInt(0);
        assertFault(raw(b.array()), "header length 100 runs past the end of the file (12 bytes)");
        ByteBuffer huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L).putLong(0);
        assertFault(raw(huge.array()), "header length 18446744073709551615 runs past the end");
    }

    @Test
    void headerLargerThanTheLimit() throws IOException {
        Path f = dir.resolve("huge-header.safetensors");
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.setLength(8 + 100_000_001L);  // sparse: no disk used
            r.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(100_000_001L).array());
        }
        assertFault(f, "header of 100000001 bytes exceeds the limit of 100000000 bytes");
    }

    @Test
    void headerNotUtf8() throws IOException {
        byte[] h = "{\"t\":{}}".getBytes(StandardCharsets.US_ASCII);
        h[2] = (byte) 0xC3;  // a lead byte without its continuation
        assertFault(withHeaderBytes(h, 0), "header is not valid UTF-8");
    }

    @Test
    void headerNotJson() throws IOException {
        assertFault(file("{\"t\": [1, 2,]}", 0), "header is not valid JSON", "unexpected character ']'");
        assertFault(file("", 0), "header is not valid JSON", "unexpected end of input");
        assertFault(file("{} trailing", 0), "header is not valid JSON", "unexpected text after the JSON value");
    }

    @Test
    void headerNotAnObject() throws IOException {
        assertFault(file("[1, 2]", 0), "header is not a JSON object but [1,2]");
    }

    @Test
    void entryNotAnObject() throws IOException {
        assertFault(file("{\"t\":[0,4]}", 0), "entry 't' is not a JSON object but [0,4]");
    }

    @Test
    void unknownOrMissingDtype() throws IOException {
        assertFault(file("{\"t\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2),
                "tensor 't': unknown dtype 'F8_E4M3' (supported: F32, F64, F16, BF16, I64, I32, I16, I8, U8, BOOL)");
        assertFault(file("{\"t\":{\"shape\":[2],\"data_offsets\":[0,2]}}", 2), "tensor 't': dtype must be a string, not missing");
        assertFault(file("{\"t\":{\"dtype\":7,\"shape\":[2],\"data_offsets\":[0,2]}}", 2), "tensor 't': dtype must be a string, not 7");
    }

    @Test
    void shapeNotAListOfNonNegativeInts() throws IOException {
        assertFault(file("{\"t\":{\"dtype\":\"F32\",\"shape\":[2,-3],\"data_offsets\":[0,0]}}", 0),
                "tensor 't': shape must be a list of non-negative integers, not [2,-3]");
        assertFault(file("{\"t\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,0]}}", 0), "shape must be a list", "[2.5]");
        assertFault(file("{\"t\":{\"dtype\":\"F32\",\"shape\":\"2x3\",\"data_offsets\":[0,0]}}", 0), "shape must be a list", "\"2x3\"");
        assertFault(file("{\"t\":{\"dtype\":\"F32\",\"data_offsets\":[0,0]}}", 0), "tensor 't': shape must be a list", "not missing");
    }

    @Test
    void shapeWhoseByteCountOverflows() throws IOException {
        assertFault(file("{\"t\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,0]}}", 0),
                "tensor 't': shape [4294967296, 4294967296] overflows a 64-bit byte count");
        // numel fits in a long, the byte count (times 8) does not
        assertFault(file("{\"t\":{\"dtype\":\"F64\",\"shape\":[2305843009213693952],\"data_offsets\":[0,0]}}", 0),
                "overflows a 64-bit byte count");
    }

    @Test
    void dataOffsetsNotTwoInts() throws IOException {
        assertFault(file("{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}", 8),
                "tensor 't': data_offsets must be two integers [begin, end], not [0,4,8]");
        assertFault(file("{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", 4), "data_offsets must be two integers");
        assertFault(file("{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,\"4\"]}}", 4),
                "data_offsets must be a list of non-negative integers");
    }

    @Test
    void dataOffsetsEndBeforeBegin() throws IOException {
        assertFault(file("{\"t\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,4]}}", 8),
                "tensor 't': data_offsets [8, 4] end before they begin");
    }

    @Test
    void dataOffsetsPastTheData() throws IOException {
        assertFault(file("{\"t\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 12),
                "tensor 't': data_offsets [0, 16] run past the end of the data (12 bytes)");
    }

    @Test
    void shapeDisagreesWithByteLength() throws IOException {
        assertFault(file("{\"t\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", 20),
                "tensor 't': shape [2, 3] of F32 needs 24 bytes, but data_offsets [0, 20] hold 20");
    }

    @Test
    void overlappingRegions() throws IOException {
        assertFault(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12),
                "tensors 'a' [0, 8) and 'b' [4, 12) overlap");
        // an empty tensor inside another tensor's bytes is an overlap too
        assertFault(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"e\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,4]}}", 8), "'a' [0, 8) and 'e' [4, 4) overlap");
    }

    @Test
    void holesAreRefused() throws IOException {
        assertFault(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", 12),
                "data bytes [4, 8) belong to no tensor; the format allows no holes");
        assertFault(file("{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "data bytes [0, 4) belong to no tensor");
        assertFault(file("{" + OK_ENTRY + "}", 30), "data bytes [24, 30) belong to no tensor");
        assertFault(file("{}", 3), "data bytes [0, 3) belong to no tensor");
    }

    @Test
    void duplicateNames() throws IOException {
        assertFault(file("{" + OK_ENTRY + "," + OK_ENTRY + "}", 24), "header is not valid JSON", "duplicate key \"t\"");
    }

    @Test
    void metadataMustMapStringsToStrings() throws IOException {
        assertFault(file("{\"__metadata__\":{\"epoch\":3}," + OK_ENTRY + "}", 24),
                "__metadata__ must be a map of string to string, but 'epoch' is 3");
        assertFault(file("{\"__metadata__\":[\"x\"]," + OK_ENTRY + "}", 24), "__metadata__ must be a map of string to string, not [\"x\"]");
        try (SafetensorsFile ok = Safetensors.open(file("{\"__metadata__\":{\"format\":\"pt\"}," + OK_ENTRY + "}", 24))) {
            assertEquals("pt", ok.metadata().get("format"));
        }
    }

    @Test
    void emptyTensorsMayShareAnOffset() throws IOException {
        Path f = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[0,0]},"
                + "\"b\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},"
                + "\"c\":{\"dtype\":\"BOOL\",\"shape\":[0],\"data_offsets\":[8,8]}}", 8);
        assertEquals(3, Safetensors.read(f).size());
    }

    @Test
    void missingFileIsNamed() {
        Path f = dir.resolve("absent.safetensors");
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Safetensors.read(f));
        assertTrue(e.getMessage().startsWith(f + ": cannot open"), e.getMessage());
    }
}
