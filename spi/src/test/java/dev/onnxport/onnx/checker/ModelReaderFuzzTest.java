package dev.onnxport.onnx.checker;

import static dev.onnxport.onnx.checker.M.*;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.onnxport.onnx.proto.GraphProto;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.reader.ModelFileError;
import dev.onnxport.onnx.reader.OnnxModelReader;
import dev.onnxport.testing.FuzzCorpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes reading an ONNX model ({@link OnnxModelReader#parse}, within the default limits) and checking it
 * structurally, as {@code onnxport check} does. The contract: any bytes either are refused with a
 * {@link ModelFileError} (malformed protobuf, nesting or sizes past the limits), or give a model for which
 * {@link StructuralChecker#check} returns a list of problems; never another exception, a stack overflow or an
 * OutOfMemoryError. The checker looks external data up in a scratch folder holding one 24-byte
 * {@code weights.bin}. A plain test run replays the corpus in
 * {@code ModelReaderFuzzTestInputs/readAndCheck/}; see CONTRIBUTING.md ("Fuzzing").
 */
class ModelReaderFuzzTest {
    private static final AtomicLong RUNS = new AtomicLong();
    private static Path modelDir;

    @FuzzTest(maxDuration = "60m", maxExecutions = 1_000_000)
    void readAndCheck(byte[] data) {
        RUNS.incrementAndGet();
        ModelProto model;
        try {
            model = read(data);
        } catch (ModelFileError e) {
            assertNull(e.file());
            assertNotNull(e.fault());
            return;
        }
        List<Problem> problems = StructuralChecker.check(model, modelDir());
        assertNotNull(problems);
        for (Problem p : problems) assertNotNull(p.toString());
    }

    /** The model reader under test. */
    private static ModelProto read(byte[] data) {
        return OnnxModelReader.parse(data);
    }

    static synchronized Path modelDir() {
        if (modelDir == null) {
            try {
                Path d = Files.createTempDirectory("onnxport-fuzz-model");
                ValidModels.externalData(d); // writes d/weights.bin
                Files.createDirectories(d.resolve("elsewhere"));
                for (String f : new String[] {"", "weights.bin", "elsewhere", "elsewhere/weights.bin"}) {
                    d.resolve(f).toFile().deleteOnExit();
                }
                modelDir = d;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return modelDir;
    }

    @AfterAll
    static void replayedTheWholeCorpus() {
        if (RUNS.get() > 0) {
            assertTrue(RUNS.get() >= FuzzCorpus.size(ModelReaderFuzzTest.class, "readAndCheck", seeds().size()), RUNS + " runs");
        }
    }

    @Test
    void corpusHoldsTheModelsTheCodeMakes() {
        FuzzCorpus.check(ModelReaderFuzzTest.class, "readAndCheck", seeds());
    }

    /** The valid models, the broken catalogue (one defect each), and malformed protobuf. */
    static Map<String, byte[]> seeds() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        ValidModels.all().forEach((name, m) -> s.put("valid-" + name, m.get().toByteArray()));
        Path dir = modelDir();
        s.put("valid-external_data", ValidModels.externalData(dir).toByteArray());
        Path other = dir.resolve("elsewhere");
        for (BrokenModels.Case c : BrokenModels.all()) {
            byte[] bytes = c.build().apply(dir).toByteArray();
            // a case that writes its folder's path into the model would differ on every machine: leave it out
            if (!c.onDisk() || Arrays.equals(bytes, c.build().apply(other).toByteArray())) s.put("broken-" + c.name(), bytes);
        }
        byte[] gemm = ValidModels.gemm().toByteArray();
        s.put("bad-truncated", Arrays.copyOf(gemm, gemm.length / 2));
        s.put("bad-varint", new byte[] {0x08, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        s.put("bad-length-past-end", new byte[] {0x3A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F, 0x0A});
        s.put("nested-if-60", nestedIf(60).toByteArray());
        s.put("nested-if-200", nestedIf(200).toByteArray());
        return s;
    }

    /** If nodes nested {@code depth} deep through their then_branch; each level reads x from the outer scope. */
    static ModelProto nestedIf(int depth) {
        GraphProto inner = graph("leaf").addOutput(vi("t", F32, 2)).addNode(node("Relu", "leaf_relu", in("x"), out("t"))).build();
        for (int i = 0; i < depth; i++) {
            GraphProto otherwise = graph("else_" + i).addOutput(vi("e", F32, 2))
                    .addNode(node("Neg", "neg_" + i, in("x"), out("e"))).build();
            inner = graph("level_" + i).addOutput(vi("t", F32, 2))
                    .addNode(node("If", "if_" + i, in("cond"), out("t"), ag("then_branch", inner), ag("else_branch", otherwise)))
                    .build();
        }
        return model(17, graph("nested").addInput(vi("cond", BOOL)).addInput(vi("x", F32, 2)).addOutput(vi("t", F32, 2))
                .addNode(node("Identity", "id_0", in("x"), out("t"))).addNode(node("If", "top", in("cond"), out("u"),
                        ag("then_branch", inner), ag("else_branch", inner))));
    }
}
