package dev.onnxport.onnx.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.export.ExportModes;
import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.ExportResult;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.nn.Module;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.spi.ModelFactory;
import dev.onnxport.spi.Models;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.OfficialChecker;
import dev.onnxport.verify.MultiSizeVerification;
import dev.onnxport.verify.VerificationReport;
import dev.onnxport.verify.VerificationService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gpt2-tiny-generate: greedy decoding inside the graph (one ONNX Loop carrying the token ids). The exported file must
 * generate exactly the tokens eager Java generates, for max_new_tokens 0, 1 and 5, at the example and another batch.
 */
class ControlFlowGenerateTest {
    @TempDir Path dir;

    @Test
    void exportedGreedyDecodingGeneratesTheEagerTokens() throws Exception {
        ModelFactory f = Models.get("gpt2-tiny-generate");
        Module m = f.create();
        Tensor[] example = f.exampleInputs();
        Path file = dir.resolve("gen.onnx");
        ExportOptions o = ExportOptions.builder().inputNames(f.inputNames()).outputNames(f.outputNames())
                .dynamicAxes(f.dynamicAxes()).build();
        ExportResult r = OnnxExport.exportWithResult(m, example, file, o);
        assertNull(OfficialChecker.checkFile(file));
        ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(file));
        assertTrue(proto.getGraph().getNodeList().stream().anyMatch(n -> n.getOpType().equals("Loop")));
        assertEquals(List.of("sequences"), proto.getGraph().getOutputList().stream().map(v -> v.getName()).toList());

        VerificationService v = VerificationService.of(ExportModes.verifier());
        Tensor ids3 = Tensor.of(new long[] {5, 17, 900, 3, 42, 42, 7, 1, 0}, 3, 3);
        for (Tensor ids : List.of(example[0], ids3)) {
            for (long n : new long[] {0, 1, 5}) {
                Tensor expected = (Tensor) m.invoke(ids, Tensor.scalar(n));
                assertArrayEquals(new long[] {ids.size(0), ids.size(1) + n}, expected.shape());
                Map<String, Tensor> feeds = new LinkedHashMap<>();
                feeds.put("input_ids", ids);
                feeds.put("max_new_tokens", Tensor.scalar(n));
                VerificationReport rep = v.compare(file, feeds, List.of(expected));
                assertTrue(rep.passed(), "max_new_tokens " + n + ": " + rep.summary());
            }
        }
        MultiSizeVerification multi = OnnxExport.verify(m, r, example);
        assertTrue(multi.passed(), multi.summary());
    }
}
