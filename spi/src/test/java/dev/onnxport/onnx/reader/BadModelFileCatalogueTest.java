package dev.onnxport.onnx.reader;

import static dev.onnxport.testing.OnnxFiles.addModel;
import static dev.onnxport.testing.OnnxFiles.external;
import static dev.onnxport.testing.OnnxFiles.initializer;
import static dev.onnxport.testing.OnnxFiles.value;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.onnxport.onnx.proto.AttributeProto;
import dev.onnxport.onnx.proto.FunctionProto;
import dev.onnxport.onnx.proto.GraphProto;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.onnx.proto.SparseTensorProto;
import dev.onnxport.onnx.proto.TypeProto;
import dev.onnxport.onnx.proto.ValueInfoProto;
import dev.onnxport.testing.BadInput;
import dev.onnxport.testing.OnnxFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad ONNX files given to check, verify and inspect: each is refused by {@link OnnxModelReader} with a
 * {@link ModelFileError} naming the path given and the fault, within {@link BadInput#BOUND}, without an Error,
 * and without changing a file in the model's folder.
 */
class BadModelFileCatalogueTest {
    @TempDir Path root;

    /** Makes the bad input inside {@code dir} and returns the path to give the reader. */
    @FunctionalInterface
    interface Setup {
        Path make(Path dir) throws IOException;
    }

    record Case(Setup setup, ReadLimits limits, String... fault) {
        Case(Setup setup, String... fault) { this(setup, ReadLimits.DEFAULTS, fault); }
    }

    static final ReadLimits SMALL = new ReadLimits(4096, ReadLimits.MAX_TENSOR_BYTES, ReadLimits.MAX_RANK,
            ReadLimits.MAX_SUBGRAPH_DEPTH, ReadLimits.MAX_ZIP_ENTRIES, 1 << 20);

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refused(Case c) throws IOException {
        Path dir = Files.createDirectories(root.resolve("models"));
        Path given = c.setup().make(dir);
        ModelFileError e = BadInput.rejects(ModelFileError.class, root, () -> {
            try (OnnxModel m = OnnxModelReader.read(given, c.limits())) {
                m.proto();
            }
        }, c.fault());
        assertEquals(given, e.file());
        assertEquals(given + ": " + e.fault(), e.getMessage(), "the message is FILE: FAULT");
    }

    static Stream<Named<Case>> cases() {
        return Stream.of(
                // --- not a model at all
                named("no such file", new Case(d -> d.resolve("missing.onnx"), "no such file")),
                named("named pipe (would block forever)", new Case(d -> BadInput.fifo(d.resolve("pipe.onnx")),
                        "is a FIFO, device or socket")),
                named("link to a device that never ends", new Case(d -> Files.createSymbolicLink(d.resolve("zero.onnx"),
                        Path.of("/dev/zero")), "is a FIFO, device or socket")),
                named("empty file", new Case(d -> write(d, new byte[0]), "no graph")),
                named("text file", new Case(d -> write(d, "hello, I am not a model\n".getBytes(StandardCharsets.UTF_8)),
                        "not an ONNX model")),
                named("protobuf without a graph", new Case(d -> write(d, ModelProto.newBuilder().setIrVersion(8).build()),
                        "no graph")),
                named("truncated protobuf", new Case(d -> {
                    byte[] b = addModel().toByteArray();
                    return write(d, Arrays.copyOf(b, b.length / 2));
                }, "truncated or malformed protobuf")),
                named("truncated inside raw_data", new Case(d -> {
                    byte[] b = addModel(initializer("w", new long[] {100_000}, new byte[400_000])).toByteArray();
                    return write(d, Arrays.copyOf(b, b.length - 1000));
                }, "truncated or malformed protobuf")),
                named("field length of 2 GB past the end", new Case(d ->
                        write(d, new byte[] {0x3A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 1, 2, 3}),
                        "truncated or malformed protobuf")),
                named("invalid varint", new Case(d -> write(d, new byte[] {0x08, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                        (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01}),
                        "malformed protobuf")),
                named("protobuf file of 2 GiB (sparse), past protobuf's limit", new Case(d -> {
                    Path f = write(d, addModel());
                    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                        ch.write(ByteBuffer.wrap(new byte[1]), Integer.MAX_VALUE);
                    }
                    return f;
                }, "the protobuf is 2147483648 bytes, past the limit of 2147483647 bytes")),
                named("protobuf past the file size limit", new Case(d ->
                        write(d, addModel(initializer("w", new long[] {2048}, new byte[8192]))), SMALL,
                        "past the limit of 4096 bytes")),
                // --- nesting
                named("100000 nested subgraphs", new Case(d -> write(d, OnnxFiles.nestedIfBytes(100_000)), "nest too deeply")),
                named("65 nested subgraphs", new Case(d -> write(d, OnnxFiles.nestedIfs(65)),
                        "subgraphs nest more than 64 levels")),
                named("100000 nested sequence types", new Case(d -> write(d, OnnxFiles.nestedSequenceTypeBytes(100_000)),
                        "nest too deeply")),
                // --- dims and declared sizes
                named("negative initializer dim", new Case(d -> write(d, addModel(initializer("w", new long[] {-3}, new byte[0]))),
                        "initializer 'w'", "dim -3")),
                named("initializer dims overflow 64 bits", new Case(d ->
                        write(d, addModel(initializer("w", new long[] {1L << 32, 1L << 32}, new byte[0]))),
                        "initializer 'w'", "overflows 64 bits")),
                named("initializer size overflows in bytes", new Case(d ->
                        write(d, addModel(initializer("w", new long[] {1L << 31, 1L << 31}, new byte[0]))),
                        "initializer 'w'", "overflows 64 bits")),
                named("initializer declares 4 GB", new Case(d ->
                        write(d, addModel(initializer("w", new long[] {1L << 30}, new byte[8]))),
                        "initializer 'w'", "4294967296 bytes", "past the limit of 2147483647")),
                named("initializer declares 2 GB + 4 bytes", new Case(d ->
                        write(d, addModel(initializer("w", new long[] {(1L << 29) + 1}, new byte[8]))),
                        "2147483652 bytes")),
                named("initializer of rank 65", new Case(d -> write(d, addModel(initializer("w", ones(65), new byte[4]))),
                        "65 dims, past the limit of 64")),
                named("graph input of rank 1000", new Case(d -> write(d, withInput(value("big", ones(1000)))),
                        "value 'big'", "1000 dims")),
                named("graph input with negative dim", new Case(d -> write(d, withInput(value("neg", 2, -1))),
                        "value 'neg'", "dim -1")),
                named("graph input dims overflow", new Case(d -> write(d, withInput(value("huge", 1L << 40, 1L << 40))),
                        "value 'huge'", "overflows 64 bits")),
                named("sequence element type with absurd dims", new Case(d -> write(d, withInput(sequenceOf(value("s", -7)))),
                        "value 's'", "dim -7")),
                named("Constant node tensor of 8 GB", new Case(d -> write(d, withNode(NodeProto.newBuilder().setOpType("Constant")
                        .setName("c").addOutput("c").addAttribute(AttributeProto.newBuilder().setName("value")
                                .setType(AttributeProto.AttributeType.TENSOR)
                                .setT(initializer("", new long[] {1L << 31}, new byte[0]))).build())),
                        "node 'c' (Constant) attribute 'value'", "8589934592 bytes")),
                named("sparse initializer dims overflow", new Case(d -> write(d, addModel().toBuilder().setGraph(addModel().getGraph()
                        .toBuilder().addSparseInitializer(SparseTensorProto.newBuilder().addDims(1L << 40).addDims(1L << 40)))
                        .build()), "sparse initializer", "overflows")),
                named("initializer of 3 GB in a subgraph", new Case(d -> write(d, withNode(NodeProto.newBuilder().setOpType("If")
                        .setName("branch").addAttribute(AttributeProto.newBuilder().setName("then_branch")
                                .setType(AttributeProto.AttributeType.GRAPH).setG(GraphProto.newBuilder()
                                        .addInitializer(initializer("inner", new long[] {3L << 28}, new byte[0])))).build())),
                        "node 'branch' (If) attribute 'then_branch' initializer 'inner'", "3221225472 bytes")),
                named("function node with a tensor of 4 GB", new Case(d -> write(d, addModel().toBuilder()
                        .addFunctions(FunctionProto.newBuilder().setName("f").setDomain("local").addNode(NodeProto.newBuilder()
                                .setOpType("Constant").setName("k").addAttribute(AttributeProto.newBuilder().setName("value")
                                        .setType(AttributeProto.AttributeType.TENSOR)
                                        .setT(initializer("", new long[] {1L << 30}, new byte[0]))))).build()),
                        "function 'f' node 'k'", "4294967296 bytes")),
                // --- external data
                named("external data at an absolute path", new Case(d -> write(d, externalModel("/etc/passwd")),
                        "'/etc/passwd'", "absolute path")),
                named("external data at a Windows drive path", new Case(d -> write(d, externalModel("C:\\data\\w.bin")),
                        "absolute path")),
                named("external data in the parent folder", new Case(d -> {
                    Files.write(d.resolveSibling("secret.bin"), new byte[8]);
                    return write(d, externalModel("../secret.bin"));
                }, "'../secret.bin'", "leads out of the model's folder")),
                named("external data through sub/../..", new Case(d -> write(d, externalModel("sub/../../secret.bin")),
                        "leads out of the model's folder")),
                named("external data with backslash ..", new Case(d -> write(d, externalModel("..\\secret.bin")),
                        "leads out of the model's folder")),
                named("external data file is a symlink out", new Case(d -> {
                    Path outside = Files.write(d.resolveSibling("outside.bin"), new byte[8]);
                    Files.createSymbolicLink(d.resolve("w.bin"), outside);
                    return write(d, externalModel("w.bin"));
                }, "'w.bin'", "symbolic link", "outside the model's folder")),
                named("external data through a symlinked folder", new Case(d -> {
                    Path outside = Files.createDirectories(d.resolveSibling("elsewhere"));
                    Files.write(outside.resolve("w.bin"), new byte[8]);
                    Files.createSymbolicLink(d.resolve("sub"), outside);
                    return write(d, externalModel("sub/w.bin"));
                }, "'sub/w.bin'", "symbolic link")),
                named("external data location is a folder", new Case(d -> {
                    Files.createDirectories(d.resolve("data"));
                    return write(d, externalModel("data"));
                }, "'data'", "not a regular file")),
                named("external data length of 3 GB", new Case(d -> write(d, addModel(external("w", new long[] {2},
                        Map.of("location", "w.bin", "length", "3221225472")))), "length 3221225472", "past the limit")),
                named("external data offset negative", new Case(d -> write(d, addModel(external("w", new long[] {2},
                        Map.of("location", "w.bin", "offset", "-8")))), "offset '-8'", "not a non-negative number")),
                named("external data length not a number", new Case(d -> write(d, addModel(external("w", new long[] {2},
                        Map.of("location", "w.bin", "length", "8 bytes")))), "length '8 bytes'")),
                named("external tensor declares 16 GB", new Case(d -> write(d, addModel(external("w", new long[] {1L << 32},
                        Map.of("location", "w.bin")))), "17179869184 bytes")),
                // --- folders and zip archives
                named("folder without model.onnx", new Case(d -> Files.createDirectories(d.resolve("empty")),
                        "folder without model.onnx")),
                named("folder holding a truncated model", new Case(d -> {
                    Path f = Files.createDirectories(d.resolve("m"));
                    byte[] b = addModel().toByteArray();
                    Files.write(f.resolve("model.onnx"), Arrays.copyOf(b, b.length - 3));
                    return f;
                }, "truncated or malformed protobuf")),
                named("zip entry escaping with ..", new Case(d -> zip(d, Map.of("model.onnx", addModel().toByteArray(),
                        "../evil.txt", new byte[] {1})), "'../evil.txt'", "outside the archive's folder")),
                named("zip entry with an absolute name", new Case(d -> zip(d, Map.of("/tmp/evil.txt", new byte[] {1})),
                        "'/tmp/evil.txt'", "outside the archive's folder")),
                named("zip entry with a backslash escape", new Case(d -> zip(d, Map.of("a\\..\\..\\evil.txt", new byte[] {1})),
                        "outside the archive's folder")),
                named("zip bomb past the extraction limit", new Case(d -> zip(d, Map.of("model.onnx", addModel().toByteArray(),
                        "model.onnx.data", new byte[8 << 20])), SMALL, "more than 1048576 bytes")),
                named("zip model entry past the protobuf limit", new Case(d -> zip(d, Map.of("model.onnx", new byte[10_000])),
                        SMALL, "model.onnx is more than 4096 bytes")),
                named("zip with 65 entries", new Case(d -> {
                    Map<String, byte[]> entries = new TreeMap<>();
                    for (int i = 0; i < 65; i++) entries.put("e" + i, new byte[] {1});
                    return zip(d, entries);
                }, "more than 64 entries")),
                named("zip without model.onnx", new Case(d -> zip(d, Map.of("weights.bin", new byte[] {1})),
                        "without an entry model.onnx")),
                named("zip truncated", new Case(d -> {
                    Path z = zip(d, Map.of("model.onnx", addModel(initializer("w", new long[] {2}, new byte[8])).toByteArray()));
                    byte[] b = Files.readAllBytes(z);
                    Files.write(z, Arrays.copyOf(b, 40));
                    return z;
                }, "not a readable zip archive")),
                named("zip holding a truncated model", new Case(d -> {
                    byte[] b = addModel().toByteArray();
                    return zip(d, Map.of("model.onnx", Arrays.copyOf(b, b.length - 5)));
                }, "truncated or malformed protobuf")));
    }

    private static Named<Case> named(String name, Case c) { return Named.of(name, c); }

    static long[] ones(int n) {
        long[] d = new long[n];
        Arrays.fill(d, 1);
        return d;
    }

    private static Path write(Path dir, ModelProto m) throws IOException { return write(dir, m.toByteArray()); }

    private static Path write(Path dir, byte[] bytes) throws IOException { return Files.write(dir.resolve("model.onnx"), bytes); }

    private static ModelProto externalModel(String location) {
        return addModel(external("w", new long[] {2}, Map.of("location", location, "offset", "0", "length", "8")));
    }

    private static ModelProto withInput(ValueInfoProto v) {
        ModelProto m = addModel();
        return m.toBuilder().setGraph(m.getGraph().toBuilder().addInput(v)).build();
    }

    private static ModelProto withNode(NodeProto n) {
        ModelProto m = addModel();
        return m.toBuilder().setGraph(m.getGraph().toBuilder().addNode(n)).build();
    }

    private static ValueInfoProto sequenceOf(ValueInfoProto element) {
        return ValueInfoProto.newBuilder().setName(element.getName()).setType(TypeProto.newBuilder()
                .setSequenceType(TypeProto.Sequence.newBuilder().setElemType(element.getType()))).build();
    }

    /** A deflated zip archive of the entries, in iteration order. */
    private static Path zip(Path dir, Map<String, byte[]> entries) throws IOException {
        Path z = dir.resolve("model.zip");
        try (OutputStream o = Files.newOutputStream(z); ZipOutputStream zip = new ZipOutputStream(o)) {
            for (Map.Entry<String, byte[]> e : new TreeMap<>(entries).descendingMap().entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return z;
    }
}
