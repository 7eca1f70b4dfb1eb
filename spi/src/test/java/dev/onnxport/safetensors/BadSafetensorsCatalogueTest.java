package dev.onnxport.safetensors;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.testing.BadInput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad safetensors files: reading each (header and every tensor) fails with a {@link SafetensorsException}
 * naming the file and the fault, within {@link BadInput#BOUND}, without an Error and without changing a file.
 * SafetensorsMalformedTest holds the finer variants of each fault.
 */
class BadSafetensorsCatalogueTest {
    @TempDir Path dir;

    /** Writes the bad file into the folder. */
    @FunctionalInterface
    interface Setup {
        void write(Path file) throws IOException;
    }

    record Case(Setup setup, String... fault) {}

    private static final String OK = "\"t\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}";

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refused(Case c) throws IOException {
        Path f = dir.resolve("weights.safetensors");
        c.setup().write(f);
        SafetensorsException e = BadInput.rejects(SafetensorsException.class, dir, () -> Safetensors.read(f), c.fault());
        assertTrue(e.getMessage().startsWith(f + ": "), "the message names the file first: " + e.getMessage());
    }

    static Stream<Named<Case>> cases() {
        return Stream.of(
                named("empty file", new Case(f -> Files.write(f, new byte[0]), "file is 0 bytes")),
                named("named pipe (would block forever)", new Case(f -> BadInput.fifo(f), "is a FIFO, device or socket")),
                named("a folder", new Case(f -> Files.createDirectory(f), "is a folder")),
                named("shorter than the length prefix", new Case(f -> Files.write(f, new byte[5]), "shorter than the 8-byte header length")),
                named("header length past the end", new Case(f -> raw(f, 100, new byte[4]), "header length 100 runs past the end")),
                named("header length 2^64 - 1", new Case(f -> raw(f, -1, new byte[4]), "header length 18446744073709551615")),
                named("header past the 100 MB limit", new Case(f -> {
                    raw(f, 100_000_001, new byte[0]);
                    sparseLength(f, 8 + 100_000_001L);
                }, "header of 100000001 bytes exceeds the limit")),
                named("truncated file", new Case(f -> header(f, "{" + OK + "}", 10), "data_offsets", "24")),
                named("header not UTF-8", new Case(f -> raw(f, 4, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}),
                        "header is not valid UTF-8")),
                named("header not JSON", new Case(f -> header(f, "{\"t\": [1, 2,]}", 0), "header is not valid JSON")),
                named("header JSON cut short", new Case(f -> header(f, "{\"t\":{\"dtype\":\"F3", 0), "header is not valid JSON")),
                named("header JSON nested 100000 deep", new Case(f -> header(f, "{\"t\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}", 0),
                        "header is not valid JSON", "nesting deeper than 64")),
                named("header a JSON array", new Case(f -> header(f, "[1, 2]", 0), "header is not a JSON object")),
                named("entry not an object", new Case(f -> header(f, "{\"t\":[0,4]}", 0), "entry 't' is not a JSON object")),
                named("unknown dtype", new Case(f -> header(f, "{\"t\":{\"dtype\":\"F33\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8),
                        "tensor 't': unknown dtype 'F33'")),
                named("missing dtype", new Case(f -> header(f, "{\"t\":{\"shape\":[2],\"data_offsets\":[0,8]}}", 8),
                        "dtype must be a string, not missing")),
                named("negative dim", new Case(f -> header(f, "{\"t\":{\"dtype\":\"F32\",\"shape\":[2,-3],\"data_offsets\":[0,0]}}", 0),
                        "tensor 't'", "shape")),
                named("shape not a list", new Case(f -> header(f, "{\"t\":{\"dtype\":\"F32\",\"shape\":\"2x3\",\"data_offsets\":[0,0]}}", 0),
                        "shape must be a list")),
                named("dims whose product overflows", new Case(f -> header(f,
                        "{\"t\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,0]}}", 0),
                        "overflows a 64-bit byte count")),
                named("data_offsets not two integers", new Case(f -> header(f,
                        "{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}", 8), "data_offsets must be two integers")),
                named("data_offsets end before begin", new Case(f -> header(f,
                        "{\"t\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,4]}}", 8), "end before they begin")),
                named("data_offsets past the data", new Case(f -> header(f,
                        "{\"t\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 12), "data_offsets [0, 16]")),
                named("data_offsets past 2^63", new Case(f -> header(f,
                        "{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,99999999999999999999]}}", 4), "tensor 't'")),
                named("shape disagrees with byte length", new Case(f -> header(f,
                        "{\"t\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", 20), "needs 24")),
                named("overlapping regions", new Case(f -> header(f, "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12), "tensors 'a'", "'b'")),
                named("a hole in the data", new Case(f -> header(f,
                        "{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "data bytes [0, 4) belong to no tensor")),
                named("duplicate tensor names", new Case(f -> header(f, "{" + OK + "," + OK + "}", 24), "duplicate key \"t\"")),
                named("metadata not strings", new Case(f -> header(f, "{\"__metadata__\":{\"epoch\":3}," + OK + "}", 24),
                        "__metadata__ must be a map of string to string")),
                named("one tensor of 2.4 GB, past one mapping", new Case(f -> {
                    long bytes = 600_000_000L * 4;
                    header(f, "{\"t\":{\"dtype\":\"F32\",\"shape\":[600000000],\"data_offsets\":[0," + bytes + "]}}", 0);
                    sparseLength(f, Files.size(f) + bytes);
                }, "tensor 't' holds 2400000000 bytes", "mapped only up to 2147483647")));
    }

    private static Named<Case> named(String name, Case c) { return Named.of(name, c); }

    /** An 8-byte little-endian length (not necessarily the true one) followed by {@code rest}. */
    private static void raw(Path f, long length, byte[] rest) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + rest.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(length).put(rest);
        Files.write(f, b.array());
    }

    /** A file with the given header (its true length in the prefix) followed by {@code dataBytes} zero bytes. */
    private static void header(Path f, String json, int dataBytes) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Files.write(f, b.array());
    }

    /** Extends the file to {@code length} bytes without writing them (sparse where the file system allows). */
    private static void sparseLength(Path f, long length) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[1]), length - 1);
        }
    }
}
